// time.After in a select in a loop: every round makes a new timer, and when the
// message wins, nobody stops that timer nor receives from it.
package main

import (
	"fmt"
	"time"
)

func producer(msgs chan int) {
	for i := 0; i < 200; i++ {
		msgs <- i
	}
	close(msgs)
}

func main() {
	msgs := make(chan int)
	go producer(msgs)
	got := 0
	for {
		select {
		case _, ok := <-msgs:
			if !ok {
				fmt.Println("received", got)
				return
			}
			got++
		case <-time.After(time.Second):
			fmt.Println("timeout")
			return
		}
	}
}
