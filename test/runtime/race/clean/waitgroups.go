// Each goroutine fills its own slot of a shared slice; Wait publishes them all.
package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	squares := make([]int, 6)
	var wg sync.WaitGroup
	for i := range squares {
		wg.Add(1)
		i := i
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i) * time.Millisecond)
			squares[i] = i * i
		}()
	}
	wg.Wait()
	fmt.Println(squares)
}
