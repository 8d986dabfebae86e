// The run-time errors of channel operations, each recovered: a send on a closed channel
// (also as a select case), closing a closed channel and a nil channel; and a receive
// from a closed channel in select, which is always ready.
package main

import "fmt"

func try(name string, f func()) {
	defer func() {
		fmt.Println(name+":", recover())
	}()
	f()
}

func main() {
	closed := make(chan int, 1)
	close(closed)
	try("send", func() { closed <- 1 })
	try("select send", func() {
		select {
		case closed <- 2:
		default:
			fmt.Println("default taken")
		}
	})
	try("close closed", func() { close(closed) })
	var nilc chan int
	try("close nil", func() { close(nilc) })
	n := 0
	for i := 0; i < 5; i++ {
		select {
		case v, ok := <-closed:
			if !ok && v == 0 {
				n++
			}
		default:
			fmt.Println("never")
		}
	}
	fmt.Println("closed receives:", n)
}
