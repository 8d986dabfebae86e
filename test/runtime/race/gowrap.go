// racy: goroutines started with arguments (go f(x), go t.M(x)) run in gc's wrapper
// closures, numbered after the function's literals; each writes a variable main
// also writes with nothing ordering the two.
package main

import "sync"

var a, b, c int
var wg sync.WaitGroup

type T struct{}

func (T) Set(v int) { b = v; wg.Done() }

func worker(v int) { a = v }

func main() {
	wg.Add(3)
	defer wg.Wait()
	set := func(v int) { c = v; wg.Done() }
	go func() {
		worker(1)
		wg.Done()
	}()
	go T{}.Set(2)
	go set(3)
	a, b, c = 4, 5, 6
}
