package main

import (
	"fmt"
	"os"
	"strconv"
)

func pong(ping chan int, pongc chan int) {
	for {
		v := <-ping
		pongc <- v + 1
	}
}

func main() {
	n := 1000000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	ping := make(chan int)
	pongc := make(chan int)
	go pong(ping, pongc)
	v := 0
	for i := 0; i < n; i++ {
		ping <- v
		v = <-pongc
	}
	fmt.Println("round trips", v)
}
