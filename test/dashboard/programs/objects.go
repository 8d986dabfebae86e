package main

import (
	"net"
	"sync"
	"time"
)

func main() {
	jobs := make(chan int, 4)
	jobs <- 1
	done := make(chan bool)
	go func() { <-done }()
	go func() { <-done }()
	go func() { done2 := make(chan int); done2 <- 1 }()

	var mu sync.Mutex
	mu.Lock()
	go func() { mu.Lock(); mu.Unlock() }()

	var rw sync.RWMutex
	rw.RLock()
	go func() { rw.Lock(); rw.Unlock() }()
	go func() { time.Sleep(time.Millisecond); rw.RLock(); rw.RUnlock() }()

	var wg sync.WaitGroup
	wg.Add(2)
	go func() { wg.Wait() }()

	c := sync.NewCond(&sync.Mutex{})
	go func() { c.L.Lock(); c.Wait(); c.L.Unlock() }()

	t := time.NewTimer(time.Second)
	go func() { <-t.C }()

	ln, err := net.Listen("tcp", ":8080")
	if err != nil {
		panic(err)
	}
	go func() { ln.Accept() }()

	time.Sleep(5 * time.Second)
}
