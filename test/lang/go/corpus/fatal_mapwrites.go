// Two goroutines write one map with no lock: Go's mapassign marks the map as being
// written while it hashes and stores, and a second writer that finds the mark stops
// the program with "fatal error: concurrent map writes" (exit status 2). Which
// goroutine notices, and after how many writes, varies from run to run; that it
// dies, and how, does not.
package main

import "fmt"

func fill(m map[int]int, from int, done chan bool) {
	for i := 0; i < 1000000; i++ {
		m[from+i%1000] = i
	}
	done <- true
}

func main() {
	m := make(map[int]int)
	done := make(chan bool)
	fmt.Println("start")
	go fill(m, 0, done)
	go fill(m, 500, done)
	<-done
	<-done
	fmt.Println("unreachable", len(m))
}
