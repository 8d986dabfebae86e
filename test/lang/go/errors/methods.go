package main

import "fmt"

type Counter struct{ n int }

func (c *Counter) Inc() { c.n++ }

type Namer interface{ Name() string }

func show(n Namer) { fmt.Println(n.Name()) }

func main() {
	Counter{}.Inc()
	var c Counter
	show(c)
	var n Namer = &c
	fmt.Println(n.n)
	var i interface{} = 5
	j := i + 1
	fmt.Println(j)
}
