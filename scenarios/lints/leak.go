// The "first answer wins" leak: four queries answer on an unbuffered channel,
// main takes the first answer and returns; the other three block on their send
// for ever (a buffered channel of 4, or a context, would have let them finish).
package main

import "fmt"

func query(i int, answers chan int) {
	answers <- i * i
}

func main() {
	answers := make(chan int)
	for i := 1; i <= 4; i++ {
		go query(i, answers)
	}
	fmt.Println("first answer:", <-answers)
}
