package main

// Integer-heavy loops: the arithmetic a compiled program does between its calls.
// int (64-bit) sums, products and remainders; uint32 FNV-1a; uint64 FNV-1a and
// xorshift64, whose values use all 64 bits.

import (
	"fmt"
	"os"
	"strconv"
)

func main() {
	n := 1000000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	sum := 0
	x := 1
	for i := 0; i < n; i++ {
		sum += i * 3 % 7
		sum ^= i & 255
		x = (x*31 + i) % 1000003
	}
	var h32 uint32 = 2166136261
	for i := 0; i < n; i++ {
		h32 ^= uint32(i & 255)
		h32 *= 16777619
	}
	fmt.Println("int:", sum, x, "uint32 fnv:", h32)
	var h64 uint64 = 14695981039346656037
	var s uint64 = 88172645463325252
	for i := 0; i < n/10; i++ {
		h64 ^= uint64(i & 255)
		h64 *= 1099511628211
		s ^= s << 13
		s ^= s >> 7
		s ^= s << 17
	}
	fmt.Println("uint64 fnv:", h64, "xorshift64:", s)
}
