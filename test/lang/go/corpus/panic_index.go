package main

import "fmt"

func get(a []int, i int) int {
	return a[i]
}

func main() {
	a := []int{1, 2, 3}
	fmt.Println("before")
	fmt.Println(get(a, 10))
	fmt.Println("after")
}
