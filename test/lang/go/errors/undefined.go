package main

import "fmt"

func main() {
	fmt.Println(count)
	total := add(1, 2)
	fmt.Printn(total)
}
