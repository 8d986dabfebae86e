package main

import "fmt"

type T struct{ x int }

func main() {
	var p *T
	fmt.Println(p.x)
}
