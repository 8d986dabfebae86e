// race-free: a mutex locked by main is unlocked by another goroutine, which Go
// allows; the Unlock still happens before main's next Lock.
package main

import (
	"fmt"
	"sync"
)

var (
	mu   sync.Mutex
	data int
)

func main() {
	mu.Lock()
	go func() {
		data = 7
		mu.Unlock()
	}()
	mu.Lock()
	fmt.Println(data)
	mu.Unlock()
}
