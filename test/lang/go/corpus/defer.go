package main

import (
	"errors"
	"fmt"
)

func deferOrder() {
	for i := 0; i < 3; i++ {
		defer fmt.Println("deferred", i)
	}
	fmt.Println("body")
}

func namedResult() (n int) {
	defer func() { n *= 2 }()
	n = 5
	return n + 1
}

func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	q = a / b
	return
}

func argsEvaluated() {
	x := 1
	defer fmt.Println("x at defer:", x)
	x = 2
	fmt.Println("x now:", x)
}

func nested() (s string) {
	defer func() {
		r := recover()
		s = fmt.Sprint("caught ", r)
	}()
	panic(errors.New("boom"))
}

func main() {
	deferOrder()
	fmt.Println(namedResult())
	fmt.Println(safeDiv(7, 2))
	fmt.Println(safeDiv(1, 0))
	argsEvaluated()
	fmt.Println(nested())
	func() {
		defer func() {
			fmt.Println("recover:", recover())
		}()
		var m map[string]int
		m["a"] = 1
	}()
	func() {
		defer func() { fmt.Println("recover:", recover()) }()
		a := []int{1, 2, 3}
		i := 5
		fmt.Println(a[i])
	}()
	func() {
		defer func() { fmt.Println("recover:", recover()) }()
		var p *struct{ x int }
		fmt.Println(p.x)
	}()
	fmt.Println("end")
}
