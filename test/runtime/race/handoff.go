// race-free: a goroutine fills a struct and hands it over on an unbuffered channel.
package main

import "fmt"

type result struct {
	name  string
	value int
}

func main() {
	ch := make(chan *result)
	go func() {
		r := &result{}
		r.name = "answer"
		r.value = 42
		ch <- r
	}()
	r := <-ch
	r.value++
	fmt.Println(r.name, r.value)
}
