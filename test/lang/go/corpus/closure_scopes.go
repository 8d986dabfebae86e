// Func literals capturing variables from every kind of scope: the function's top level, its
// parameters and named results, a loop's body, an inner block, a case, an outer closure; made
// once or in a loop; called at once, later, deferred, recursively and on other goroutines.
package main

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

func makeCounter(start int) (func() int, func()) {
	n := start
	inc := func() int { n++; return n }
	reset := func() { n = start }
	return inc, reset
}

func named(x int) (r int) {
	defer func() { r += x * 10 }()
	r = x
	return r + 1
}

func sum(xs ...int) func(...int) int {
	base := 0
	for _, x := range xs {
		base += x
	}
	return func(more ...int) int {
		t := base
		for _, m := range more {
			t += m
		}
		return t
	}
}

type acc struct{ total int }

func (a *acc) adder() func(int) {
	return func(d int) { a.total += d }
}

func main() {
	// top-level variable, changed after the closure is made: seen by reference
	msg := "before"
	show := func() string { return msg }
	msg = "after"
	fmt.Println("top-level:", show())

	// two counters from two calls: each call has its own n
	incA, resetA := makeCounter(0)
	incB, _ := makeCounter(100)
	incA()
	incA()
	incB()
	fmt.Println("counters:", incA(), incB())
	resetA()
	fmt.Println("after reset:", incA())

	// named results and a deferred closure
	fmt.Println("named:", named(3))

	// variadic closures capturing a parameter's sum
	s := sum(1, 2, 3)
	fmt.Println("variadic:", s(), s(10), s(10, 20))

	// a loop body's variable: one binding per iteration
	var perIter []func() int
	for i := 0; i < 3; i++ {
		v := i * i
		perIter = append(perIter, func() int { return v })
	}
	for _, f := range perIter {
		fmt.Print(f(), " ")
	}
	fmt.Println("<- per iteration")

	// a top-level variable captured in a loop: one binding for all
	shared := 0
	var adds []func()
	for i := 0; i < 4; i++ {
		adds = append(adds, func() { shared += 2 })
	}
	for _, f := range adds {
		f()
	}
	fmt.Println("shared:", shared)

	// an inner block's variable
	var inner func() string
	if len(msg) > 0 {
		word := "inner"
		inner = func() string { return word + "!" }
		word = "inner block"
	}
	fmt.Println(inner())

	// a case's variable, and a closure with no captures made in a loop
	var cases []string
	for k := 0; k < 3; k++ {
		switch k % 2 {
		case 0:
			tag := fmt.Sprintf("even%d", k)
			f := func() string { return strings.ToUpper(tag) }
			cases = append(cases, f())
		default:
			g := func(a, b int) int { return a*10 + b }
			cases = append(cases, fmt.Sprint(g(k, k)))
		}
	}
	fmt.Println("cases:", cases)

	// a recursive closure through a variable
	var fib func(int) int
	fib = func(n int) int {
		if n < 2 {
			return n
		}
		return fib(n-1) + fib(n-2)
	}
	fmt.Println("fib:", fib(15))

	// nested closures: the inner one captures the outer one's local and main's
	prefix := ">"
	outer := func(name string) func(int) string {
		count := 0
		return func(k int) string {
			count += k
			return fmt.Sprintf("%s%s:%d", prefix, name, count)
		}
	}
	x := outer("x")
	y := outer("y")
	x(1)
	prefix = ">>"
	fmt.Println("nested:", x(2), y(5))

	// a method's receiver captured
	a := &acc{}
	add := a.adder()
	add(4)
	add(5)
	fmt.Println("receiver:", a.total)

	// goroutines running closures over main's variables
	var mu sync.Mutex
	var wg sync.WaitGroup
	seen := map[int]bool{}
	for w := 0; w < 8; w++ {
		id := w
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			seen[id*id] = true
			mu.Unlock()
		}()
	}
	wg.Wait()
	keys := make([]int, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	fmt.Println("goroutines:", keys)
}
