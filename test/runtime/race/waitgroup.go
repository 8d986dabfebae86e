// race-free: each goroutine writes its own element; main reads them after Wait.
package main

import (
	"fmt"
	"sync"
)

func main() {
	results := make([]int, 4)
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			results[i] = i * i
		}(i)
	}
	wg.Wait()
	sum := 0
	for _, v := range results {
		sum += v
	}
	fmt.Println("sum:", sum)
}
