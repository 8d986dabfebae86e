// One P (GOMAXPROCS=1) and no asynchronous preemption (GODEBUG=asyncpreemptoff=1):
// main computes in a loop with no function call, so nothing can take the P from
// it, and the goroutine it started waits for it the whole time.
package main

import "fmt"

func hello(done chan bool) {
	fmt.Println("hello, at last")
	done <- true
}

func main() {
	done := make(chan bool)
	go hello(done)
	sum := 0
	for i := 0; i < 3000000; i++ {
		sum += i % 7
	}
	fmt.Println("sum:", sum)
	<-done
}
