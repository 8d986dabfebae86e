package main

import "fmt"

func counter() func() int {
	n := 0
	return func() int {
		n++
		return n
	}
}

func apply(xs []int, f func(int) int) []int {
	out := make([]int, 0, len(xs))
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func sum(nums ...int) int {
	t := 0
	for _, n := range nums {
		t += n
	}
	return t
}

func divmod(a, b int) (q, r int) {
	q = a / b
	r = a % b
	return
}

func fib() func() int {
	a, b := 0, 1
	return func() int {
		a, b = b, a+b
		return a
	}
}

func main() {
	c := counter()
	c()
	c()
	fmt.Println(c())
	fmt.Println(apply([]int{1, 2, 3}, func(x int) int { return x * x }))
	fmt.Println(sum(), sum(1, 2), sum([]int{4, 5, 6}...))
	q, r := divmod(17, 5)
	fmt.Println(q, r)
	f := fib()
	for i := 0; i < 10; i++ {
		fmt.Print(f(), " ")
	}
	fmt.Println()
	x := 1
	inc := func() { x++ }
	inc()
	inc()
	fmt.Println(x)
}
