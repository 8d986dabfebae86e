package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"
)

type counter struct {
	mu sync.Mutex
	n  int
}

// inc locks with a deferred Unlock, as most Go code guarding state does.
func (c *counter) inc() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
}

// n calls of a method that defers.
func main() {
	n := 1000000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	c := &counter{}
	for i := 0; i < n; i++ {
		c.inc()
	}
	fmt.Println("counted", c.n)
}
