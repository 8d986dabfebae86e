package main

import "fmt"

func main() {
	var b byte = 300
	const big = 1 << 70
	var i int = big
	x := 10 / 0
	fmt.Println(b, i, x)
}
