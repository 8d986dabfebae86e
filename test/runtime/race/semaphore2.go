// racy: a semaphore of capacity 2 (of int: every slot its own sync object) lets two
// goroutines in at once: only the k-th receive happens before the (k+2)-th send.
package main

import (
	"fmt"
	"sync"
)

var counter int

func main() {
	sem := make(chan int, 2)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 5; j++ {
				sem <- 1
				counter++
				<-sem
			}
		}()
	}
	wg.Wait()
	fmt.Println("counter:", counter)
}
