// select with a timeout: a slow result is abandoned, a fast one is taken; both results written before sending.
package main

import (
	"fmt"
	"time"
)

type result struct{ text string }

func main() {
	c1 := make(chan *result, 1)
	go func() {
		time.Sleep(20 * time.Millisecond)
		r := &result{}
		r.text = "slow"
		c1 <- r
	}()
	select {
	case r := <-c1:
		fmt.Println(r.text)
	case <-time.After(5 * time.Millisecond):
		fmt.Println("timeout 1")
	}
	c2 := make(chan *result, 1)
	go func() {
		time.Sleep(2 * time.Millisecond)
		r := &result{}
		r.text = "fast"
		c2 <- r
	}()
	select {
	case r := <-c2:
		fmt.Println(r.text)
	case <-time.After(30 * time.Millisecond):
		fmt.Println("timeout 2")
	}
}
