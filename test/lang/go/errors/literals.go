package main

import "fmt"

type P struct {
	X, Y int
}

func main() {
	a := P{X: 1, Z: 2}
	b := P{1}
	c := P{1, 2, 3}
	d := []int{1, "two"}
	m := map[string]int{"a": 1, "a": 2}
	e := [2]int{1, 2, 3}
	fmt.Println(a, b, c, d, m, e)
}
