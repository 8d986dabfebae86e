// Two goroutines take two mutexes in opposite orders and deadlock, while main
// goes on working: Go's checkdead never fires, because main still runs.
package main

import (
	"fmt"
	"sync"
	"time"
)

var accounts, audit sync.Mutex

func transfer() {
	accounts.Lock()
	time.Sleep(time.Millisecond)
	audit.Lock()
	audit.Unlock()
	accounts.Unlock()
}

func report() {
	audit.Lock()
	time.Sleep(time.Millisecond)
	accounts.Lock()
	accounts.Unlock()
	audit.Unlock()
}

func main() {
	go transfer()
	go report()
	for i := 0; i < 5; i++ {
		time.Sleep(50 * time.Millisecond)
		fmt.Println("main still working", i)
	}
}
