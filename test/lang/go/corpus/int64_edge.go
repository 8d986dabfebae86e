package main

import (
	"fmt"
	"math"
	"strings"
	"time"
)

func try(name string, f func()) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println(name+":", r)
		}
	}()
	f()
	fmt.Println(name + ": ok")
}

func main() {
	huge := int64(math.MaxInt64)
	try("makechan", func() { _ = make(chan int, huge) })
	try("makechan neg", func() { n := -1; _ = make(chan int, n) })
	try("repeat", func() { _ = strings.Repeat("ab", int(huge)) })
	try("repeat neg", func() { n := -1; _ = strings.Repeat("ab", n) })
	try("map hint", func() { m := make(map[int]int, huge); m[1] = 2; fmt.Println(len(m)) })
	try("timer", func() {
		t := time.NewTimer(time.Duration(huge))
		fmt.Println(t.Stop())
	})
	try("after", func() {
		select {
		case <-time.After(math.MaxInt64):
			fmt.Println("fired")
		case <-time.After(time.Millisecond):
			fmt.Println("1ms first")
		}
	})
	try("range over big", func() {
		n := 0
		for i := int64(1<<62 - 3); i < 1<<62; i++ {
			n++
			fmt.Println(i)
		}
		fmt.Println(n)
	})
	try("loop var wraps", func() {
		var u uint64 = math.MaxUint64 - 2
		for k := 0; k < 4; k++ {
			u++
			fmt.Println(u)
		}
	})
}
