// One goroutine owns the state; readers and writers talk to it over channels.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
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
	var reads, writes uint64
	readCh := make(chan readOp)
	writeCh := make(chan writeOp)
	quit := make(chan struct{})
	go func() {
		state := map[int]int{}
		for {
			select {
			case r := <-readCh:
				r.resp <- state[r.key]
			case w := <-writeCh:
				state[w.key] = w.val
				w.resp <- true
			case <-quit:
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func(r int) {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				op := readOp{key: (r + i) % 5, resp: make(chan int)}
				readCh <- op
				<-op.resp
				atomic.AddUint64(&reads, 1)
			}
		}(r)
	}
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				op := writeOp{key: i % 5, val: w*100 + i, resp: make(chan bool)}
				writeCh <- op
				<-op.resp
				atomic.AddUint64(&writes, 1)
			}
		}(w)
	}
	wg.Wait()
	close(quit)
	fmt.Println("reads", atomic.LoadUint64(&reads), "writes", atomic.LoadUint64(&writes))
}
