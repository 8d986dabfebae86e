package main

import "fmt"

const (
	offset64 = 14695981039346656037
	prime64  = 1099511628211
)

func fnv1a64(s string) uint64 {
	h := uint64(offset64)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= prime64
	}
	return h
}

func fnv1a32(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

type xorshift64 struct{ s uint64 }

func (x *xorshift64) next() uint64 {
	x.s ^= x.s << 13
	x.s ^= x.s >> 7
	x.s ^= x.s << 17
	return x.s
}

func splitmix64(x *uint64) uint64 {
	*x += 0x9e3779b97f4a7c15
	z := *x
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// murmur3's 64-bit finaliser, on signed values through conversions
func fmix64(k int64) int64 {
	u := uint64(k)
	u ^= u >> 33
	u *= 0xff51afd7ed558ccd
	u ^= u >> 33
	u *= 0xc4ceb9fe1a85ec53
	u ^= u >> 33
	return int64(u)
}

// a linear congruential generator on int (64 bits), as Knuth's MMIX
func lcg(seed int) int {
	return seed*6364136223846793005 + 1442695040888963407
}

func rotl(x uint64, k uint) uint64 { return (x << k) | (x >> (64 - k)) }

func main() {
	for _, s := range []string{"", "a", "foobar", "hello, world", "gomachine"} {
		fmt.Printf("%q fnv64=%d %#x fnv32=%d\n", s, fnv1a64(s), fnv1a64(s), fnv1a32(s))
	}
	x := xorshift64{88172645463325252}
	for k := 0; k < 5; k++ {
		fmt.Println("xorshift64", x.next())
	}
	var st uint64 = 1234567
	for k := 0; k < 5; k++ {
		fmt.Println("splitmix64", splitmix64(&st))
	}
	for _, k := range []int64{0, 1, -1, 42, 1 << 62} {
		fmt.Println("fmix64", k, fmix64(k))
	}
	s := 1
	for k := 0; k < 5; k++ {
		s = lcg(s)
		fmt.Println("lcg", s, s%1000, uint64(s)>>33)
	}
	fmt.Println("rotl", rotl(0x8000000000000001, 1), rotl(0x0123456789abcdef, 28))
	// a hash table bucket choice, as a map implementation would do it
	buckets := make([]int, 8)
	for k := 0; k < 1000; k++ {
		buckets[fnv1a64(fmt.Sprint(k))&7]++
	}
	fmt.Println("buckets", buckets)
	// a long hash chain: the loop stays exact across many wraps
	h := uint64(offset64)
	for k := 0; k < 100000; k++ {
		h ^= uint64(k & 0xff)
		h *= prime64
	}
	fmt.Println("chain", h)
}
