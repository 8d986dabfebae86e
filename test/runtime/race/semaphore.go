// race-free: a buffered channel of capacity 1 used as a lock. The k-th receive
// happens before the (k+C)-th send completes, so each holder's writes happen
// before the next holder's reads.
package main

import (
	"fmt"
	"sync"
)

var counter int

func main() {
	sem := make(chan struct{}, 1)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 5; j++ {
				sem <- struct{}{}
				counter++
				<-sem
			}
		}()
	}
	wg.Wait()
	fmt.Println("counter:", counter)
}
