package main

import "fmt"

func two() (int, error) { return 1, nil }

func main() {
	var s string = 5
	n := two()
	a, b, c := two()
	var f float64 = "x"
	fmt.Println(s, n, a, b, c, f)
}
