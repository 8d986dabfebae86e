// A server that logs each request from a goroutine of its own, on a channel no one
// reads: every request leaves one more goroutine blocked at the same send, and the
// count only grows while the server goes on.
package main

import (
	"fmt"
	"time"
)

func logRequest(log chan<- string, id int) {
	log <- fmt.Sprint("request ", id)
}

func main() {
	log := make(chan string)
	for id := 0; id < 40; id++ {
		go logRequest(log, id)
		time.Sleep(2 * time.Millisecond)
	}
	fmt.Println("served 40 requests")
}
