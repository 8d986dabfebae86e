// racy: two goroutines append to one slice variable without a lock.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var s []int
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			s = append(s, i)
		}(i)
	}
	wg.Wait()
	fmt.Println(len(s) > 0)
}
