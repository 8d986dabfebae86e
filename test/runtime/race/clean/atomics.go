// Fifty goroutines add to one counter with sync/atomic; main reads it after Wait.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

func main() {
	var ops atomic.Int64
	var legacy int64
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := 0; c < 100; c++ {
				ops.Add(1)
				atomic.AddInt64(&legacy, 2)
			}
		}()
	}
	wg.Wait()
	fmt.Println("ops:", ops.Load(), atomic.LoadInt64(&legacy))
}
