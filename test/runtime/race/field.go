// racy: two goroutines write different fields of one struct through a pointer
// (race-free) and the same field (a race), joined by a WaitGroup.
package main

import (
	"fmt"
	"sync"
)

type point struct{ x, y, n int }

func main() {
	p := &point{}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { p.x = 1; p.n++; wg.Done() }()
	go func() { p.y = 2; p.n++; wg.Done() }()
	wg.Wait()
	fmt.Println(p.x, p.y)
}
