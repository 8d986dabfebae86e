package main

import "fmt"

func main() {
	i := 0
	if i > 0 {
		goto inside
	}
	goto later
	n := 3
	fmt.Println(n)
later:
	fmt.Println(i)
	{
	inside:
		fmt.Println("in")
	}
	goto nowhere
}
