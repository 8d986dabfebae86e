// Every goroutine of a deadlocked program with all its frames: a receive two calls deep,
// a closure inside a closure (main.main.func1.1) and one inside a declared function
// (main.pipeline.func2), each with the line of every call on its stack.
package main

import "fmt"

func sum(c chan int) int {
	s := 0
	for v := range c {
		s += v
	}
	return s
}

func stage(c chan int, out chan int) {
	out <- sum(c)
}

func pipeline(c chan int) {
	done := make(chan bool)
	go func() {
		c <- 1
		done <- true
	}()
	go func() {
		<-done
		c <- 2
		var never chan int
		<-never
	}()
}

func main() {
	c := make(chan int)
	out := make(chan int)
	go stage(c, out)
	pipeline(c)
	go func() {
		func() {
			select {}
		}()
	}()
	fmt.Println(<-out)
}
