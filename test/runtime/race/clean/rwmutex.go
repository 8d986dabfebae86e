// Readers share an RWMutex-guarded cache that a writer refreshes.
package main

import (
	"fmt"
	"sync"
)

type cache struct {
	mu   sync.RWMutex
	data map[int]int
	gen  int
}

func main() {
	c := &cache{data: map[int]int{}}
	var wg sync.WaitGroup
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				c.mu.RLock()
				_ = c.data[i%3] + c.gen
				c.mu.RUnlock()
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 20; i++ {
			c.mu.Lock()
			c.data[i%3] = i
			c.gen++
			c.mu.Unlock()
		}
	}()
	wg.Wait()
	fmt.Println("generation", c.gen)
}
