package main

import (
	"fmt"
	"sync"
	"time"
)

func producer(n int, out chan<- int) {
	for i := 0; i < n; i++ {
		out <- i
	}
	close(out)
}

func squarer(in <-chan int, out chan<- int) {
	for v := range in {
		out <- v * v
	}
	close(out)
}

type SafeCounter struct {
	mu sync.Mutex
	v  map[string]int
}

func (c *SafeCounter) Inc(key string) {
	c.mu.Lock()
	c.v[key]++
	c.mu.Unlock()
}

func main() {
	a := make(chan int)
	b := make(chan int)
	go producer(5, a)
	go squarer(a, b)
	sum := 0
	for v := range b {
		sum += v
	}
	fmt.Println("sum of squares", sum)

	buf := make(chan string, 3)
	buf <- "x"
	buf <- "y"
	fmt.Println(len(buf), cap(buf))
	close(buf)
	for s := range buf {
		fmt.Println(s)
	}
	v, ok := <-buf
	fmt.Printf("%q %v\n", v, ok)

	var wg sync.WaitGroup
	c := SafeCounter{v: make(map[string]int)}
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Inc("k")
		}()
	}
	wg.Wait()
	fmt.Println(c.v["k"])

	timeout := time.After(50 * time.Millisecond)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	n := 0
loop:
	for {
		select {
		case <-tick.C:
			n++
		case <-timeout:
			break loop
		}
	}
	fmt.Println(n > 0)

	done := make(chan struct{})
	results := make(chan int, 10)
	go func() {
		defer close(done)
		for i := 1; i <= 3; i++ {
			results <- i * 100
		}
	}()
	<-done
	close(results)
	total := 0
	for r := range results {
		total += r
	}
	fmt.Println(total)

	sel := make(chan int, 1)
	select {
	case x := <-sel:
		fmt.Println("got", x)
	default:
		fmt.Println("empty")
	}
	var nilch chan int
	select {
	case nilch <- 1:
		fmt.Println("sent on nil")
	case sel <- 7:
		fmt.Println("sent", <-sel)
	}
	start := time.Now()
	time.Sleep(20 * time.Millisecond)
	el := time.Since(start)
	fmt.Println(el >= 20*time.Millisecond)
	fmt.Println(time.Duration(1500)*time.Millisecond, 90*time.Second, 2*time.Hour+3*time.Minute, 1500*time.Microsecond, 0*time.Second)
}
