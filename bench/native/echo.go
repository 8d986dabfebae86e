// echo: a goroutine-per-connection echo server and its clients in one process, over
// loopback — the native side of gomachine's go-echo scenario: `conns` clients connect at
// once, each sends 10 requests of 64 bytes, 10 ms apart, and reads each echo back.
// Usage: echo [conns=1000]
package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"sync"
	"time"
)

const requests = 10
const size = 64
const think = 10 * time.Millisecond

func serve(c net.Conn) {
	defer c.Close()
	buf := make([]byte, 4096)
	for {
		n, err := c.Read(buf)
		if err != nil {
			return
		}
		if _, err := c.Write(buf[:n]); err != nil {
			return
		}
	}
}

// dials bounds the connects in flight, so that the listen backlog (somaxconn) does not
// drop SYNs and leave clients waiting out TCP's 1 s retransmission timer.
var dials = make(chan struct{}, 128)

func client(addr string, wg *sync.WaitGroup, failed *int32, mu *sync.Mutex) {
	defer wg.Done()
	dials <- struct{}{}
	c, err := net.Dial("tcp", addr)
	<-dials
	if err != nil {
		mu.Lock()
		*failed++
		mu.Unlock()
		return
	}
	defer c.Close()
	req := make([]byte, size)
	resp := make([]byte, size)
	for i := 0; i < requests; i++ {
		if i > 0 {
			time.Sleep(think)
		}
		if _, err := c.Write(req); err != nil {
			break
		}
		if _, err := io.ReadFull(c, resp); err != nil {
			mu.Lock()
			*failed++
			mu.Unlock()
			return
		}
	}
}

func main() {
	conns := 1000
	if len(os.Args) > 1 {
		conns, _ = strconv.Atoi(os.Args[1])
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go serve(c)
		}
	}()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failed int32
	wg.Add(conns)
	for i := 0; i < conns; i++ {
		go client(ln.Addr().String(), &wg, &failed, &mu)
	}
	wg.Wait()
	fmt.Println("connections", conns, "requests", conns*requests, "failed", failed)
}
