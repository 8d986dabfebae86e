// Resetting a timer happens before its send: a goroutine writes data and resets a timer
// another goroutine waits on; the waiter reads the data (race-free in Go: resettimer
// releases, the timer's send carries the clock).
package main

import (
	"fmt"
	"time"
)

func main() {
	var data []int
	t := time.NewTimer(time.Hour)
	done := make(chan int)
	go func() {
		<-t.C
		done <- len(data)
	}()
	go func() {
		data = []int{1, 2, 3}
		t.Reset(time.Millisecond)
	}()
	fmt.Println(<-done)
}
