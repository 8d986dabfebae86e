// Func values made at run time: method values (x.M), through a pointer and an interface,
// interface method expressions (I.M), and library functions used as values; called at once,
// later, deferred, and as goroutines.
package main

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

type shape interface{ Area() int }

type rect struct{ w, h int }

func (r rect) Area() int { return r.w * r.h }

type tally struct {
	mu sync.Mutex
	n  int
}

func (t *tally) Add(d int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.n += d
}

func apply(f func(string) string, s string) string { return f(s) }

func main() {
	r := rect{3, 4}
	area := r.Area // bound to a copy of r
	r.w = 10
	fmt.Println("method value:", area(), r.Area())

	var s shape = rect{2, 5}
	sa := s.Area // an interface's method value
	s = rect{7, 7}
	fmt.Println("interface method value:", sa(), s.Area())

	areaOf := shape.Area // an interface method expression
	fmt.Println("method expression:", areaOf(rect{6, 6}), areaOf(s))

	up := strings.ToUpper // a library function as a value
	fmt.Println("library value:", apply(up, "gomachine"), apply(strings.TrimSpace, "  go  "))

	t := &tally{}
	add := t.Add
	var wg sync.WaitGroup
	for i := 1; i <= 10; i++ {
		wg.Add(1)
		go func(d int) {
			defer wg.Done()
			add(d)
		}(i)
	}
	wg.Wait()
	fmt.Println("goroutines through a method value:", t.n)

	done := make(chan bool)
	go t.Add(100) // a go statement of a method call
	finish := func() { done <- true }
	go finish()
	<-done
	for {
		t.mu.Lock()
		n := t.n
		t.mu.Unlock()
		if n >= 155 {
			break
		}
	}
	fmt.Println("after go t.Add(100):", t.n)

	words := []string{"pear", "fig", "apple"}
	byLen := func(i, j int) bool { return len(words[i]) < len(words[j]) }
	sort.Slice(words, byLen)
	fmt.Println("sorted:", words)

	func() {
		defer fmt.Println("deferred method value:", area())
		fmt.Println("before the deferred call")
	}()
}
