// Channels of zero-size elements, a FIFO through a chain of goroutines (each passes its
// value on only after the one before it), channels as values in maps and structs, a
// closed channel's zero values, and many goroutines each finishing by a channel.
package main

import (
	"fmt"
	"runtime"
)

type token struct{}

type job struct {
	id    int
	reply chan int
}

func chain(n int) {
	first := make(chan int)
	in := first
	for i := 0; i < n; i++ {
		out := make(chan int)
		go func(in <-chan int, out chan<- int) {
			v := <-in
			out <- v + 1
		}(in, out)
		in = out
	}
	first <- 0
	fmt.Println("chain of", n, "gives", <-in)
}

func fifo(n int) {
	ch := make(chan int)
	prev := make(chan token, 1)
	prev <- token{}
	for i := 0; i < n; i++ {
		next := make(chan token, 1)
		go func(i int, prev, next chan token) {
			<-prev
			ch <- i
			next <- token{}
		}(i, prev, next)
		prev = next
	}
	inOrder := true
	for i := 0; i < n; i++ {
		if <-ch != i {
			inOrder = false
		}
	}
	fmt.Println("fifo in order:", inOrder)
}

func main() {
	z := make(chan struct{}, 3)
	z <- struct{}{}
	z <- struct{}{}
	fmt.Println(len(z), cap(z))
	var arr = make(chan [0]int, 1)
	arr <- [0]int{}
	fmt.Println(<-arr, len(arr))

	chain(200)
	fifo(100)

	jobs := map[string]chan job{"double": make(chan job), "square": make(chan job)}
	go func() {
		for j := range jobs["double"] {
			j.reply <- 2 * j.id
		}
	}()
	go func() {
		for j := range jobs["square"] {
			j.reply <- j.id * j.id
		}
	}()
	r := make(chan int)
	for _, name := range []string{"double", "square"} {
		jobs[name] <- job{7, r}
		fmt.Println(name, <-r)
	}

	c := make(chan int, 2)
	c <- 5
	close(c)
	v1, ok1 := <-c
	v2, ok2 := <-c
	fmt.Println(v1, ok1, v2, ok2)

	done := make(chan bool)
	for i := 0; i < 200; i++ {
		go func() { done <- true }()
	}
	for i := 0; i < 200; i++ {
		<-done
	}
	runtime.Gosched()
	fmt.Println("all 200 done; goroutines left:", runtime.NumGoroutine() >= 3)
}
