// Conversions as operands of || and &&, as bench/native/gc.go checks its ring: each
// conversion is a primary expression, so `int(o.seq)%n != k || int(o.seq) < count-n`
// is two comparisons joined by ||; uint32 arithmetic wraps at 2^32.
package main

import "fmt"

type obj struct {
	next *obj
	seq  uint64
	sum  uint64
}

func checksum(seq uint64) uint64 {
	return uint64((uint32(seq) ^ 0x5bd1e995) * 0x9e3779b1 ^ 0xa5a5a5a5)
}

func main() {
	n, count := 7, 40
	bad := 0
	for i := 0; i < count; i++ {
		o := &obj{seq: uint64(i), sum: checksum(uint64(i))}
		k := i % n
		if int(o.seq)%n != k || int(o.seq) < count-n || o.sum != checksum(o.seq) {
			bad++
		}
		if i < 3 || uint32(o.seq) == 39 && int(o.sum)%2 == 0 || float64(o.seq) > 38.5 {
			fmt.Println(i, o.sum, uint32(o.sum)>>16, int8(o.sum), uint16(o.sum)&0xff|1)
		}
	}
	fmt.Println("bad", bad, !(int(checksum(3)) < 0) && uint64(checksum(3)) > 1 || false)
}
