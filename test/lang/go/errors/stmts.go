package main

import (
	"fmt"
	"strings"
)

const limit = 10

func main() {
	x := 3
	x + 1
	limit = 5
	if x {
		fmt.Println("yes")
	}
	s := "abc"
	s[0] = 'x'
	fmt.Println(strconv.Itoa(x))
L:
	for i := 0; i < 3; i++ {
	}
	fmt.Println(s)
}
