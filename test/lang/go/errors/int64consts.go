package main

import (
	"fmt"
	"math"
	"time"
)

// Constants are exact: a constant that does not fit its 64-bit type is an error.
func main() {
	var a int = math.MaxInt64 + 1
	var b int64 = -1<<63 - 1
	var c uint64 = -1
	e := int64(math.MaxInt64) * 3
	f := uint64(math.MaxUint64) * math.MaxUint64
	g := time.Duration(1<<62) * 2
	const k int64 = 1 << 62
	h := -k * 2 * 2
	i := ^uint64(0) + 1
	var j uintptr = 1 << 64
	fmt.Println(a, b, c, e, f, g, h, i, j)
}
