// Requests served one per tick of a ticker, then a bursty limiter filled by a ticker goroutine.
package main

import (
	"fmt"
	"time"
)

func main() {
	requests := make(chan int, 4)
	served := make([]int, 0, 8)
	for i := 1; i <= 4; i++ {
		requests <- i
	}
	close(requests)
	limiter := time.NewTicker(2 * time.Millisecond)
	for req := range requests {
		<-limiter.C
		served = append(served, req)
	}
	limiter.Stop()

	bursty := make(chan time.Time, 2)
	for i := 0; i < 2; i++ {
		bursty <- time.Now()
	}
	stop := make(chan bool)
	go func() {
		for t := range time.Tick(2 * time.Millisecond) {
			select {
			case bursty <- t:
			case <-stop:
				return
			}
		}
	}()
	more := make(chan int, 4)
	for i := 5; i <= 8; i++ {
		more <- i
	}
	close(more)
	for req := range more {
		<-bursty
		served = append(served, req)
	}
	close(stop)
	fmt.Println(served)
}
