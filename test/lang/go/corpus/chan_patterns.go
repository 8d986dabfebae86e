// Patterns from concurrency tutorials, written afresh: a rate limiter on a ticker with a
// bursty buffered limiter, a goroutine that owns its state and answers read and write
// requests that carry their reply channels, atomic counters, a ticker stopped after a
// few ticks and a timer stopped before it fires.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

type readOp struct {
	key  int
	resp chan int
}

type writeOp struct {
	key, val int
	resp     chan bool
}

func main() {
	start := time.Now()
	limiter := time.NewTicker(20 * time.Millisecond)
	for i := 1; i <= 3; i++ {
		<-limiter.C
		fmt.Println("request", i, "after", time.Since(start).Round(10*time.Millisecond) >= time.Duration(i)*20*time.Millisecond)
	}
	limiter.Stop()

	bursty := make(chan time.Time, 3)
	for i := 0; i < 3; i++ {
		bursty <- time.Now()
	}
	served := 0
	for len(bursty) > 0 {
		<-bursty
		served++
	}
	fmt.Println("burst served", served)

	reads := make(chan readOp)
	writes := make(chan writeOp)
	go func() {
		state := map[int]int{}
		for {
			select {
			case r := <-reads:
				r.resp <- state[r.key]
			case w := <-writes:
				state[w.key] = w.val
				w.resp <- true
			}
		}
	}()
	var nreads, nwrites uint64
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				op := writeOp{key: i % 5, val: w*100 + i, resp: make(chan bool)}
				writes <- op
				<-op.resp
				atomic.AddUint64(&nwrites, 1)
				r := readOp{key: i % 5, resp: make(chan int)}
				reads <- r
				<-r.resp
				atomic.AddUint64(&nreads, 1)
			}
		}(w)
	}
	wg.Wait()
	fmt.Println("reads", atomic.LoadUint64(&nreads), "writes", atomic.LoadUint64(&nwrites))

	ticker := time.NewTicker(5 * time.Millisecond)
	ticks := 0
	for range ticker.C {
		ticks++
		if ticks == 4 {
			ticker.Stop()
			break
		}
	}
	fmt.Println("ticks", ticks)

	timer := time.NewTimer(time.Second)
	go func() {
		<-timer.C
		fmt.Println("timer fired")
	}()
	fmt.Println("stopped before firing:", timer.Stop())
	time.Sleep(10 * time.Millisecond)
}
