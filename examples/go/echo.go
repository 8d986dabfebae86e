// echo: the Go original of gomachine's built-in go-echo app — a goroutine per
// connection, each reading and writing back until EOF. Thousands of connections
// cost thousands of parked goroutines, not threads: the waiting is the netpoller's.
package main

import (
	"fmt"
	"net"
	"os"
	"time"
)

func handle(conn net.Conn) {
	defer conn.Close()
	buf := make([]byte, 4096)
	for {
		n, err := conn.Read(buf)
		if err != nil {
			return
		}
		if _, err := conn.Write(buf[:n]); err != nil {
			return
		}
	}
}

func main() {
	port := "8080"
	if len(os.Args) > 1 {
		port = os.Args[1]
	}
	ln, err := net.Listen("tcp", ":"+port)
	if err != nil {
		fmt.Println(err)
		os.Exit(1)
	}
	// Out of descriptors, Accept fails until a connection closes: back off as
	// net/http's Serve does (5 ms, doubling up to 1 s) instead of spinning.
	var delay time.Duration
	for {
		conn, err := ln.Accept()
		if err != nil {
			if delay == 0 {
				delay = 5 * time.Millisecond
			} else {
				delay *= 2
			}
			if delay > time.Second {
				delay = time.Second
			}
			fmt.Printf("accept error: %v; retrying in %v\n", err, delay)
			time.Sleep(delay)
			continue
		}
		delay = 0
		go handle(conn)
	}
}
