package main

import "fmt"

func main() {
	x := 1
	var x int
	type T int
	type T string
	fmt.Println(x)
	for i := 0; i < 2; i++ {
		func() {
			continue
		}()
	}
L:
	for {
		switch {
		case true:
			continue L
		}
		break L
	}
	switch {
	default:
		continue
	}
	select {
	default:
		break
	}
M:
	if true {
		break M
	}
}
