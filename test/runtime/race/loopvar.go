// racy: the closure captures the loop variable, which the loop goes on writing
// (what every `for i := ...` loop did before Go 1.22; here the variable is
// declared outside the loop so that the race is the same in every Go version).
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	var i int
	for i = 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = fmt.Sprint(i)
		}()
	}
	wg.Wait()
	fmt.Println("done")
}
