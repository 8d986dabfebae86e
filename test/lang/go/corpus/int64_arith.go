package main

import (
	"fmt"
	"math"
)

// Values are kept in variables so that every operation happens at run time.
func main() {
	// wrap-around at the edges of int64, int and uint64
	var a int64 = math.MaxInt64
	a++
	fmt.Println("MaxInt64+1:", a, a == math.MinInt64)
	a--
	fmt.Println("MinInt64-1:", a)
	var i int = math.MaxInt
	fmt.Println("MaxInt:", i, i+1, -i-1, -(-i - 1))
	var u uint64 = math.MaxUint64
	fmt.Println("MaxUint64:", u, u+1, u+2, u*2, u/3, u%1000)
	var z uint64
	z--
	fmt.Println("0-1 uint64:", z, z == math.MaxUint64)
	var uu uint = 0
	uu -= 5
	fmt.Println("uint 0-5:", uu)
	var up uintptr = 1
	up -= 2
	fmt.Println("uintptr 1-2:", up)

	// exact products beyond 2^53
	x := int64(3037000499)
	fmt.Println("x*x:", x*x, (x+1)*(x+1))
	p := int64(1) << 53
	fmt.Println("2^53+1:", p+1, p+3, (p+1)*3, p*p)
	mx := int64(math.MaxInt64)
	fmt.Println("big mul wrap:", mx*3, u*u, mx*mx, -mx*mx)

	// division and remainder, signs as Go truncates
	m := int64(math.MinInt64)
	neg := int64(-1)
	fmt.Println("MinInt64/-1:", m/neg, m%neg)
	fmt.Println("div:", m/7, m%7, int64(math.MaxInt64)/-3, int64(math.MaxInt64)%-3, -7/2, -7%2)
	fmt.Println("udiv:", u/7, u%7, u/(1<<32), u%(1<<32))

	// unary minus and complement
	fmt.Println("neg:", -m, -a, ^a, ^m, ^u, ^uint64(0), ^int64(5))
	var small int64 = 12345
	fmt.Println("^small:", ^small, -small, ^uint64(small))

	// shifts with run-time counts
	one := int64(1)
	for _, s := range []uint{0, 1, 31, 32, 52, 53, 62, 63, 64, 65} {
		fmt.Println("shift", s, one<<s, int64(-1)<<s, uint64(1)<<s, m>>s, uint64(m)>>s, int64(math.MaxInt64)>>s)
	}
	var big uint64 = 0xfedcba9876543210
	fmt.Println("big shifts:", big<<4, big>>4, big<<60, big>>60, int64(big)>>4, int64(big)<<4)

	// bitwise on full 64-bit values
	k1 := uint64(0xff00ff00ff00ff00)
	k2 := uint64(0x0ff00ff00ff00ff0)
	fmt.Println("bits u:", k1&k2, k1|k2, k1^k2, k1&^k2)
	s1, s2 := int64(k1), int64(k2)
	fmt.Println("bits s:", s1&s2, s1|s2, s1^s2, s1&^s2)
	fmt.Println("bits mixed small:", s1&0xffff, s1|1, s1^-1, int64(-2)&^1)

	// op= forms
	v := int64(1)
	for j := 0; j < 70; j++ {
		v *= 3
	}
	fmt.Println("3^70 wrapped:", v)
	w := uint64(1)
	for j := 0; j < 70; j++ {
		w = w*5 + 1
	}
	fmt.Println("w:", w)
	w <<= 3
	w >>= 1
	w |= 1
	w &^= 2
	w ^= 0xffff
	w %= 1000000007
	fmt.Println("w ops:", w)

	// comparisons and equality across the safe-integer boundary
	b1 := int64(1<<53) + 1
	b2 := int64(1 << 53)
	fmt.Println("cmp:", b1 > b2, b1 == b2+1, b1 != b2, b2 < b1, b1 <= b1, uint64(b1) >= uint64(b2))
	fmt.Println("cmp2:", u > uint64(b1), m < -b1, m == math.MinInt64)

	// switch on a large value
	switch a {
	case math.MaxInt64:
		fmt.Println("switch: max")
	case math.MinInt64:
		fmt.Println("switch: min")
	default:
		fmt.Println("switch: other")
	}
	// a map keyed by large values
	mm := map[uint64]string{}
	mm[u] = "max"
	mm[u-1] = "max-1"
	mm[1<<63] = "2^63"
	mm[uint64(1<<63)+0] = "2^63 again"
	fmt.Println("map:", len(mm), mm[math.MaxUint64], mm[u-1], mm[1<<63], mm)
	ki := map[int64]int{}
	for j := int64(0); j < 3; j++ {
		ki[math.MaxInt64-j]++
		ki[math.MaxInt64-j]++
	}
	fmt.Println("map int64:", ki)
}
