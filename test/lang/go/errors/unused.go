package main

import (
	"fmt"
	"os"
	"strings"
)

func main() {
	x := 1
	var y int
	for i := 0; i < 3; i++ {
		z := i
	}
	fmt.Println("hi")
}
