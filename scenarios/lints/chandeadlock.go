// Two goroutines that talk over two channels of their own: after one exchange each
// waits to receive from the other, so neither ever will. Main goes on working, so
// Go's checkdead never sees it.
package main

import (
	"fmt"
	"time"
)

func peer(ping chan int, pong chan int) {
	ping <- 1
	<-pong
}

func pair() {
	ping := make(chan int)
	pong := make(chan int)
	go peer(ping, pong)
	<-ping
	<-ping
	pong <- 2
}

func main() {
	go pair()
	for i := 0; i < 4; i++ {
		time.Sleep(50 * time.Millisecond)
		fmt.Println("main still working", i)
	}
}
