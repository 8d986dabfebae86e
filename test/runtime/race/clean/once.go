// Lazily built configuration behind sync.Once, read by many goroutines.
package main

import (
	"fmt"
	"sync"
)

type config struct {
	name  string
	limit int
}

var (
	cfg     *config
	cfgOnce sync.Once
)

func get() *config {
	cfgOnce.Do(func() {
		c := &config{}
		c.name = "default"
		c.limit = 10
		cfg = c
	})
	return cfg
}

func main() {
	var wg sync.WaitGroup
	sums := make([]int, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			sums[i] = get().limit + len(get().name)
		}(i)
	}
	wg.Wait()
	fmt.Println(sums)
}
