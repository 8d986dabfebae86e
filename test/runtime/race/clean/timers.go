// A timer fires and its goroutine publishes a result; a stopped timer's goroutine never runs.
package main

import (
	"fmt"
	"time"
)

func main() {
	var msg string
	t1 := time.NewTimer(2 * time.Millisecond)
	done := make(chan bool)
	go func() {
		<-t1.C
		msg = "timer 1 fired"
		done <- true
	}()
	<-done
	fmt.Println(msg)

	fired := false
	t2 := time.NewTimer(time.Second)
	go func() {
		<-t2.C
		fired = true
	}()
	if t2.Stop() {
		fmt.Println("timer 2 stopped")
	}
	time.Sleep(3 * time.Millisecond)
	_ = fired

	var late int
	flag := make(chan bool, 1)
	time.AfterFunc(time.Millisecond, func() { late = 42; flag <- true })
	<-flag
	fmt.Println(late)
}
