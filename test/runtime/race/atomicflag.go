// race-free: an atomic flag publishes plain data (the store releases, the load acquires).
package main

import (
	"fmt"
	"runtime"
	"sync/atomic"
)

var (
	data  int
	ready int32
)

func main() {
	go func() {
		data = 42
		atomic.StoreInt32(&ready, 1)
	}()
	for atomic.LoadInt32(&ready) == 0 {
		runtime.Gosched()
	}
	fmt.Println(data)
}
