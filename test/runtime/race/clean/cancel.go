// Workers stop when the context is cancelled; each reports how far it got, and main reads it after they finish.
package main

import (
	"context"
	"fmt"
	"sync"
	"time"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	progress := make([]int, 3)
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for {
				select {
				case <-ctx.Done():
					return
				case <-time.After(time.Millisecond):
					progress[w]++
				}
			}
		}(w)
	}
	time.Sleep(10 * time.Millisecond)
	cancel()
	wg.Wait()
	ok := true
	for _, p := range progress {
		ok = ok && p > 0
	}
	fmt.Println("all progressed:", ok, ctx.Err())

	tctx, tcancel := context.WithTimeout(context.Background(), 3*time.Millisecond)
	defer tcancel()
	var note string
	done := make(chan struct{})
	go func() {
		<-tctx.Done()
		note = "deadline passed"
		close(done)
	}()
	<-done
	fmt.Println(note)
}
