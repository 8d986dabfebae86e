// A program that waits: main sleeps, a worker ranges over a channel. Sent signals from
// outside, go1.19 ignores SIGUSR1 and SIGUSR2, dies of SIGHUP, SIGINT and SIGTERM, and
// answers SIGQUIT with every goroutine's trace and exit status 2 (sleeper.quit.err).
package main

import (
	"fmt"
	"time"
)

func worker(c chan int) {
	for v := range c {
		fmt.Println("got", v)
	}
}

func main() {
	c := make(chan int)
	go worker(c)
	c <- 1
	time.Sleep(time.Hour)
}
