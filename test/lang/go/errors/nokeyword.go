package main

import "fmt"

func main() {
	x := []int{1, 2, 3}
	for _, v := range x {
		if v = 2 {
			fmt.Println(v)
		}
	}
}
