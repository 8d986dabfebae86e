// Starting a timer happens before its channel's value is received: a goroutine writes
// data, then starts a timer; another goroutine, which only waits on the timer's channel,
// reads the data (Go's addtimer releases, the timer's send acquires and releases).
package main

import (
	"fmt"
	"time"
)

func main() {
	var data []int
	timers := make(chan *time.Timer, 1)
	done := make(chan int)
	go func() {
		t := <-timers
		<-t.C
		done <- len(data) + data[2]
	}()
	go func() {
		data = []int{1, 2, 3}
		timers <- time.NewTimer(time.Millisecond)
	}()
	fmt.Println(<-done)
	tick := time.NewTicker(time.Millisecond)
	var n int
	stop := make(chan bool)
	go func() {
		for i := 0; i < 3; i++ {
			<-tick.C
			n++
		}
		tick.Stop()
		stop <- true
	}()
	<-stop
	fmt.Println(n)
}
