// Returns from every kind of place in functions that defer: nested loops, a switch, a select,
// a labeled loop; one and several results, named and unnamed; results a deferred call changes;
// panics recovered with results set, re-panicked, or left to a caller's recover; defers in a loop.
package main

import (
	"errors"
	"fmt"
)

func fromLoops(n int) (r int) {
	defer func() { r *= 10 }()
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			if i*j == 6 {
				return i + j
			}
		}
	}
	return -1
}

func fromSwitch(k int) (string, error) {
	defer fmt.Println("  fromSwitch deferred", k)
	switch {
	case k < 0:
		return "", errors.New("negative")
	case k == 0:
		return "zero", nil
	default:
		return fmt.Sprint("k=", k), nil
	}
}

func fromSelect(c chan int) int {
	defer fmt.Println("  fromSelect deferred")
	select {
	case v := <-c:
		return v * 2
	default:
		return -2
	}
}

func labeled() (n int) {
	defer func() { n++ }()
outer:
	for i := 0; ; i++ {
		for j := 0; j < 3; j++ {
			if j == 2 {
				continue outer
			}
			if i == 3 {
				break outer
			}
			n += j
		}
	}
	return n * 100
}

func pair() (int, string) { return 7, "seven" }

func passThrough() (a int, b string) {
	defer func() { b += "!" }()
	return pair()
}

func recovered() (v int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
			v = -1
		}
	}()
	v = 5
	var m map[string]int
	m["x"] = 1
	return v, nil
}

func repanic() {
	defer func() {
		r := recover()
		panic(fmt.Sprint("again: ", r))
	}()
	panic("first")
}

func callerRecovers() (msg string) {
	defer func() { msg = fmt.Sprint(recover()) }()
	repanic()
	return "not reached"
}

func loopDefers() {
	for i := 0; i < 3; i++ {
		defer fmt.Println("  loop defer", i)
	}
	fmt.Println("  loopDefers body done")
}

func noResult(stop bool) {
	defer fmt.Println("  noResult deferred", stop)
	if stop {
		return
	}
	fmt.Println("  noResult went on")
}

func main() {
	fmt.Println("fromLoops:", fromLoops(5), fromLoops(2))
	for _, k := range []int{-1, 0, 3} {
		s, err := fromSwitch(k)
		fmt.Println("fromSwitch:", s, err)
	}
	c := make(chan int, 1)
	fmt.Println("fromSelect:", fromSelect(c))
	c <- 21
	fmt.Println("fromSelect:", fromSelect(c))
	fmt.Println("labeled:", labeled())
	a, b := passThrough()
	fmt.Println("passThrough:", a, b)
	v, err := recovered()
	fmt.Println("recovered:", v, err)
	fmt.Println("callerRecovers:", callerRecovers())
	loopDefers()
	noResult(true)
	noResult(false)
}
