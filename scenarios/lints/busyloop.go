// A goroutine waits for a flag by spinning on it: a core burns for nothing until
// the flag is set (a channel, a WaitGroup or a sync.Cond would let it sleep).
package main

import (
	"fmt"
	"sync/atomic"
	"time"
)

var ready int32

func waiter(done chan bool) {
	for atomic.LoadInt32(&ready) == 0 {
	}
	done <- true
}

func main() {
	done := make(chan bool)
	go waiter(done)
	time.Sleep(12 * time.Millisecond)
	atomic.StoreInt32(&ready, 1)
	<-done
	fmt.Println("the waiter saw the flag")
}
