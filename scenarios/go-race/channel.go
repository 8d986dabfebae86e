// The counter owned by one goroutine: the others send it increments on a
// channel ("share memory by communicating").
package main

import (
	"fmt"
	"sync"
)

func main() {
	incs := make(chan int)
	done := make(chan int)
	go func() {
		counter := 0
		for d := range incs {
			counter += d
		}
		done <- counter
	}()
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				incs <- 1
			}
		}()
	}
	wg.Wait()
	close(incs)
	fmt.Println("counter:", <-done)
}
