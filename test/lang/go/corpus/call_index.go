package main

import "fmt"

type op func(int) int

func main() {
	ops := map[string]op{"dbl": func(x int) int { return 2 * x }}
	k := "dbl"
	fmt.Println(ops[k](21))
	fs := []func() string{func() string { return "zero" }}
	i := 0
	fmt.Println(fs[i]())
	x := fs[i]
	fmt.Println(x())
}
