package main

import "fmt"

func main() {
	a := 1
	a := 2
	var b = 3
	var b = 4
	c, d := 1, 2
	c, d := 3, 4
	fmt.Println(a, b, c, d)
}

func main() {}
