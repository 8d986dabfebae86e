// TryLock of sync.Mutex and sync.RWMutex: true only when the lock was free, never blocking;
// another goroutine's TryLock fails while it is held; RWMutex.TryLock fails under a reader,
// TryRLock under a writer.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var mu sync.Mutex
	fmt.Println("first TryLock:", mu.TryLock())
	fmt.Println("second TryLock:", mu.TryLock())
	done := make(chan bool)
	go func() { done <- mu.TryLock() }()
	fmt.Println("from another goroutine:", <-done)
	mu.Unlock()
	fmt.Println("after Unlock:", mu.TryLock())
	mu.Unlock()
	var rw sync.RWMutex
	rw.RLock()
	fmt.Println("TryLock under a reader:", rw.TryLock())
	rw.RUnlock()
	fmt.Println("TryLock with no reader:", rw.TryLock())
	fmt.Println("TryRLock under the writer:", rw.TryRLock())
	rw.Unlock()
	fmt.Println("TryRLock when free:", rw.TryRLock(), rw.TryRLock())
	fmt.Println("TryLock under two readers:", rw.TryLock())
}
