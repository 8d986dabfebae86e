// gc: allocate `total` bytes in objects of 1 KiB while a global ring of pointers
// keeps about `live` bytes of them reachable; at the end every live object's checksum is
// checked — the native side of gomachine's go-gc-pressure app (GOGC from the environment).
// Usage: gc [total=1000000000] [live=10000000]
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
)

type obj struct {
	next *obj
	seq  uint64
	sum  uint64
	pad  [1000]byte // with the three words above: 1 KiB
}

const size = 1024

var ring []*obj

func checksum(seq uint64) uint64 {
	return uint64((uint32(seq) ^ 0x5bd1e995) * 0x9e3779b1 ^ 0xa5a5a5a5)
}

func arg(i int, def int) int {
	if len(os.Args) > i {
		n, _ := strconv.Atoi(os.Args[i])
		return n
	}
	return def
}

func main() {
	total, live := arg(1, 1000000000), arg(2, 10000000)
	n := live / size
	count := total / size
	ring = make([]*obj, n)
	for i := 0; i < count; i++ {
		o := &obj{seq: uint64(i), sum: checksum(uint64(i))}
		ring[i%n] = o
	}
	bad := 0
	for k := 0; k < n && k < count; k++ {
		o := ring[k]
		if int(o.seq)%n != k || int(o.seq) < count-n || o.sum != checksum(o.seq) {
			bad++
		}
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Printf("allocated %d MB in %d objects, %d live objects checked, %d bad, NumGC %d\n", m.TotalAlloc/1e6, m.Mallocs, n, bad, m.NumGC)
}
