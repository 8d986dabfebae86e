package main

import (
	"fmt"
	"math"
)

func main() {
	// signed ↔ unsigned, 64 ↔ narrower
	n := int64(-1)
	fmt.Println("uint64(-1):", uint64(n), uint(n), uintptr(n), uint32(n), uint16(n), uint8(n))
	big := uint64(math.MaxUint64)
	fmt.Println("int64(MaxUint64):", int64(big), int(big), int32(big), int8(big), uint32(big))
	h := uint64(0x123456789abcdef0)
	fmt.Println("narrow:", int32(h), uint32(h), int16(h), uint16(h), int8(h), uint8(h), byte(h), rune(h))
	s := int64(-0x123456789abcdef0)
	fmt.Println("narrow neg:", int32(s), uint32(s), int16(s), uint16(s), int8(s), uint8(s))
	m5, m1 := int32(-5), int8(-1)
	fmt.Println("widen:", int64(m5), uint64(m5), uint64(m1), int64(uint32(math.MaxUint32)), uint64(uint32(math.MaxUint32)))
	var i32 int32 = math.MinInt32
	fmt.Println("int32 edges:", uint64(i32), int64(i32), uint(i32), -i32, i32-1)
	m := int64(math.MinInt64)
	fmt.Println("MinInt64 as uint64:", uint64(m), uint64(m)>>1, int64(uint64(m)>>1))

	// float64 ↔ int64
	f := 9007199254740993.0 // rounds to 2^53
	f2x, f3x := 2.5, 2.9999
	fmt.Println("float to int64:", int64(f), int64(1e18), int64(-1e18), uint64(1.8e19), int64(-f2x), int64(f3x))
	fmt.Println("int64 to float:", float64(int64(math.MaxInt64)), float64(uint64(math.MaxUint64)), float64(int64(1<<53+1)), float64(int64(-(1 << 62))))
	fmt.Printf("%.1f %.1f %g\n", float64(int64(1<<60+1)), float64(uint64(1<<63+1)), float64(int64(9007199254740993)))
	var f2 float64 = 1 << 62
	fmt.Println("1<<62 float:", int64(f2), uint64(f2*2), uint64(f2*3))

	// int ↔ string
	fmt.Println("string(rune):", string(rune(65)), string(rune(0x10ffff+1)) == "\uFFFD")

	// untyped constants: exact at compile time
	const huge = 1 << 100
	const k = huge >> 98
	fmt.Println("constants:", k, huge/(1<<40)/(1<<40)/(1<<19), uint64(math.MaxUint64), int64(math.MinInt64), math.MaxInt, math.MinInt)
	const c62 = 1 << 62
	var cu uint64 = 1<<64 - 1
	var ci int64 = -1 << 63
	fmt.Println("typed:", c62, cu, ci, uint64(1<<63), 1<<63-1)
	fmt.Println("uint consts:", uint(math.MaxUint), uint64(math.MaxUint64)/3, math.MaxUint32, math.MaxInt16, math.MinInt8, math.MaxUint16)
	var arr [3]int64
	arr[1] = math.MaxInt64
	arr[2] = arr[1] + 1
	fmt.Println("array:", arr, len(arr))
	sl := []uint64{math.MaxUint64, 1 << 63, 0}
	sl = append(sl, sl[0]-1)
	fmt.Println("slice:", sl)
	grown := append([]uint64(nil), 1<<63)
	grown = append(grown, 1<<63+1)
	grown = append(grown, 1<<64-1)
	fmt.Println("grown:", grown, grown[:cap(grown)], len(grown), cap(grown))
	type pair struct {
		A int64
		B uint64
	}
	pp := pair{math.MinInt64, math.MaxUint64}
	fmt.Printf("%v %+v %#v\n", pp, pp, pp)
	var e interface{} = uint64(math.MaxUint64)
	if v, ok := e.(uint64); ok {
		fmt.Println("assert:", v, v == math.MaxUint64)
	}
	switch x := e.(type) {
	case int64:
		fmt.Println("int64", x)
	case uint64:
		fmt.Println("uint64", x+1)
	}
	fmt.Println(e == interface{}(uint64(math.MaxUint64)), e == interface{}(int64(-1)))
}
