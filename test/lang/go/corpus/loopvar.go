// expected: by hand, from the Go 1.22 spec (each iteration of a for loop has its
// own loop variables; range over an integer; the min and max built-ins).
package main

import "fmt"

func main() {
	var funcs []func() int
	for i := 0; i < 3; i++ {
		funcs = append(funcs, func() int { return i * 10 })
	}
	for _, g := range funcs {
		fmt.Println(g())
	}
	var ptrs []*int
	for i := range 3 {
		ptrs = append(ptrs, &i)
	}
	for _, p := range ptrs {
		fmt.Print(*p, " ")
	}
	fmt.Println()
	for _, s := range []string{"a", "b"} {
		defer func() { fmt.Println("deferred", s) }()
	}
	fmt.Println(min(3, 1, 2), max(2.5, 1), min("b", "a"))
	// one variable both address-taken and captured: the pointer and the closure of an
	// iteration see that iteration's variable
	var addrs []*int
	var reads []func() int
	for i := 0; i < 3; i++ {
		addrs = append(addrs, &i)
		reads = append(reads, func() int { return i })
	}
	for k, p := range addrs {
		fmt.Print(*p, reads[k](), " ")
	}
	fmt.Println()
	// two variables defined together, captured by deferred closures
	for i, j := 0, 10; i < 2; i, j = i+1, j-1 {
		defer func() { fmt.Println("deferred", i, j) }()
	}
}
