// A map of counters behind a mutex, bumped by several goroutines.
package main

import (
	"fmt"
	"sync"
)

type tally struct {
	mu     sync.Mutex
	counts map[string]int
}

func (t *tally) bump(name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.counts[name]++
}

func main() {
	t := tally{counts: map[string]int{"x": 0, "y": 0}}
	var wg sync.WaitGroup
	for _, name := range []string{"x", "x", "y"} {
		wg.Add(1)
		go func(n string) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				t.bump(n)
			}
		}(name)
	}
	wg.Wait()
	fmt.Println(t.counts["x"], t.counts["y"])
}
