// A panic deep in a goroutine: Go prints every frame of the goroutine's stack, innermost
// first — a method called recursively, the closure that called it (main.worker.func1),
// the function the goroutine started with — and the go statement that created it.
package main

import (
	"fmt"
	"sync"
)

type tree struct{ depth int }

func (t *tree) walk(k int) int {
	if k == 0 {
		var leaves []int
		return leaves[t.depth]
	}
	return t.walk(k-1) + 1
}

func worker(id int, wg *sync.WaitGroup) {
	defer wg.Done()
	func() {
		fmt.Println("worker", id)
		t := &tree{depth: 3}
		t.walk(2)
	}()
}

func main() {
	var wg sync.WaitGroup
	wg.Add(1)
	go worker(1, &wg)
	wg.Wait()
}
