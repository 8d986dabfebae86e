// The seed's warning, broken on purpose: ten goroutines add to one counter
// with no lock and no channel. go run -race reports it.
package main

import (
	"fmt"
	"sync"
)

func main() {
	counter := 0
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				counter++
			}
		}()
	}
	wg.Wait()
	fmt.Println("counter:", counter)
}
