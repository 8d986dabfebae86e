// A producer writes a value before it closes the channel; the consumer sees the close, then reads the value.
package main

import "fmt"

func main() {
	jobs := make(chan int, 5)
	done := make(chan bool)
	var last int
	go func() {
		for {
			j, more := <-jobs
			if !more {
				done <- true
				return
			}
			last = j
		}
	}()
	for j := 1; j <= 3; j++ {
		jobs <- j
	}
	close(jobs)
	<-done
	fmt.Println("last job", last)
	_, ok := <-jobs
	fmt.Println("open:", ok)
}
