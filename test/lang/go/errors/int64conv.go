package main

import (
	"fmt"
	"math"
)

// Constant conversions to 64-bit (and narrower) integer types must be exact.
func main() {
	a := uint64(-1)
	b := int8(300)
	c := int64(2.5)
	d := uint8(-1.0)
	e := uint64(int32(-5))
	const k int64 = 1 << 62
	f := int32(k)
	g := uint(math.MinInt64)
	h := int64(math.MaxUint64)
	i := uintptr(1e20)
	fmt.Println(a, b, c, d, e, f, g, h, i)
}
