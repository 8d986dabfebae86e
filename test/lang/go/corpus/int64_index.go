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
	s := []int{1, 2, 3}
	a := [3]int{4, 5, 6}
	str := "abc"
	huge := int64(math.MaxInt64)
	neg := int64(math.MinInt64)
	uhuge := uint64(math.MaxUint64)
	var i int = 1 << 53
	i++
	try("slice index huge", func() { _ = s[huge] })
	try("slice index 2^53+1", func() { _ = s[i] })
	try("slice index uint64", func() { _ = s[uhuge] })
	try("slice index neg", func() { _ = s[neg] })
	try("array index", func() { _ = a[huge] })
	try("string index", func() { _ = str[uhuge] })
	try("slice store", func() { s[i] = 1 })
	try("slice hi", func() { _ = s[:huge] })
	try("slice lo", func() { _ = s[uhuge:] })
	try("slice max", func() { _ = s[0:1:uhuge] })
	try("string slice", func() { _ = str[1:i] })
	try("make len", func() { _ = make([]byte, huge) })
	try("make cap", func() { _ = make([]byte, 1, uhuge) })
	try("make neg", func() { n := -1; _ = make([]int, n) })
	try("make big", func() { n := 1 << 50; _ = make([]int64, n) })
	try("make ok", func() { n := uint64(4); b := make([]uint64, n, n*2); fmt.Println(len(b), cap(b)) })
	try("index ok", func() {
		j := uint64(2)
		k := int64(1)
		fmt.Println(s[j], a[k], str[j], s[k:j], len(s[k:]), cap(s[:k]))
	})
	try("shift neg", func() { n := int64(-1); _ = 1 << n })
	try("shift neg64", func() { n := neg; x := huge; _ = x >> n })
	try("div zero", func() { z := int64(0); _ = huge / z })
	try("mod zero", func() { z := uint64(0); _ = uhuge % z })
	try("div minus one", func() { m := int64(-1); fmt.Println(neg/m, neg%m) })
	try("string of rune", func() { fmt.Println(string(rune(huge)) == "\uFFFD") })
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
