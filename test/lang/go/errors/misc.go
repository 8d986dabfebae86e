package main

import "fmt"

func main() {
	for i := range "ab" {
		fmt.Println(i)
	}
	var m map[string]int
	m.x = 1
	s := []int{1, 2}
	s.Len()
	fmt.Println(len(5))
	break
}
