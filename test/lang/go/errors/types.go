package main

import "fmt"

type T struct{ a int }

func main() {
	t := T{}
	t.b = 3
	var i int = 3
	var j int64 = 4
	fmt.Println(i + j)
	fmt.Println(t.a + "x")
	var p *T
	p.missing()
}
