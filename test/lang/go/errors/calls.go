package main

import "fmt"

func f(a int, b string) int { return a }

func main() {
	f(1)
	f(1, "a", 3)
	f("a", 1)
	var x int
	x()
	fmt.Println(f(1, "b"))
}
