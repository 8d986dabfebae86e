package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"
)

// n goroutines parked at once on one channel, then all woken by closing it.
func main() {
	n := 1000000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	var ready, done sync.WaitGroup
	ch := make(chan struct{})
	ready.Add(n)
	done.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			ready.Done()
			<-ch
			done.Done()
		}()
	}
	ready.Wait()
	close(ch)
	done.Wait()
	fmt.Println("parked and woke", n)
}
