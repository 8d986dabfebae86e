// select as Go's channel tests use it: non-blocking sends and receives with default on
// unbuffered, buffered, nil and closed channels; a select that is ready on one case only;
// many senders multiplexed into one select and every value received exactly once;
// a receive with a timeout.
package main

import (
	"fmt"
	"sort"
	"time"
)

func nonblocking() {
	var nilc chan int
	unbuf := make(chan int)
	buf := make(chan int, 2)
	closed := make(chan int)
	close(closed)
	try := func(name string, c chan int) {
		select {
		case v, ok := <-c:
			fmt.Println(name, "recv", v, ok)
		default:
			fmt.Println(name, "recv would block")
		}
	}
	try("nil", nilc)
	try("unbuffered", unbuf)
	try("buffered", buf)
	try("closed", closed)
	for i := 0; i < 3; i++ {
		select {
		case buf <- i:
			fmt.Println("sent", i, "len", len(buf), "cap", cap(buf))
		default:
			fmt.Println("buffer full at", i)
		}
	}
	try("buffered", buf)
	select {
	case nilc <- 1:
		fmt.Println("impossible")
	case v := <-buf:
		fmt.Println("only ready case", v)
	}
}

func multiplex(senders, each int) {
	chans := make([]chan int, senders)
	done := make(chan bool)
	for s := range chans {
		chans[s] = make(chan int)
		go func(c chan int, base int) {
			for i := 0; i < each; i++ {
				c <- base + i
			}
			done <- true
		}(chans[s], s*1000)
	}
	var got []int
	finished := 0
	for finished < senders {
		select {
		case v := <-chans[0]:
			got = append(got, v)
		case v := <-chans[1]:
			got = append(got, v)
		case v := <-chans[2]:
			got = append(got, v)
		case <-done:
			finished++
		}
	}
	sort.Ints(got)
	ok := len(got) == senders*each
	for i, v := range got {
		if v != (i/each)*1000+i%each {
			ok = false
		}
	}
	fmt.Println("received", len(got), "values, each once:", ok)
}

func timeout() {
	c := make(chan string)
	go func() {
		time.Sleep(50 * time.Millisecond)
		c <- "late"
	}()
	select {
	case s := <-c:
		fmt.Println(s)
	case <-time.After(10 * time.Millisecond):
		fmt.Println("timed out")
	}
	fmt.Println(<-c)
}

func main() {
	nonblocking()
	multiplex(3, 500)
	timeout()
}
