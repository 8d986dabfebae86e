// race-free: sync.Once publishes the configuration every goroutine then reads.
package main

import (
	"fmt"
	"sync"
)

type config struct{ workers int }

var (
	once sync.Once
	cfg  *config
)

func get() *config {
	once.Do(func() {
		cfg = &config{}
		cfg.workers = 8
	})
	return cfg
}

func main() {
	var wg sync.WaitGroup
	sums := make([]int, 3)
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			sums[i] = get().workers
		}(i)
	}
	wg.Wait()
	fmt.Println(sums[0] + sums[1] + sums[2])
}
