// Four workers do all their work inside one mutex: each spends most of its life
// waiting for the others to unlock it.
package main

import (
	"fmt"
	"sync"
)

var mu sync.Mutex
var total int

func work(wg *sync.WaitGroup) {
	defer wg.Done()
	for n := 0; n < 50; n++ {
		mu.Lock()
		for i := 0; i < 20000; i++ {
			total += i & 1
		}
		mu.Unlock()
	}
}

func main() {
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go work(&wg)
	}
	wg.Wait()
	fmt.Println("total:", total)
}
