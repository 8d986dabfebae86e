package main

import (
	"fmt"
	"math"
)

// An index beyond 2^53 panics with its exact value, uncaught: exit status 2.
func main() {
	s := []string{"a", "b", "c"}
	var i uint64 = math.MaxUint64
	i -= 1 << 32
	fmt.Println("index", i)
	fmt.Println(s[i])
}
