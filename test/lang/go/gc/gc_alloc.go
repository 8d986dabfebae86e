// gc_alloc: 40,000 objects of 1 KiB through a ring of 100 pointers (about 100 KiB live):
// every collection is started by these allocations, and MemStats counts them.
package main

import (
	"fmt"
	"runtime"
)

type obj struct {
	next *obj
	seq  int
	pad  [126]int // with the two words above: 1 KiB
}

var ring [100]*obj
var sentinel = &obj{seq: -1}

func main() {
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := 0; i < 40000; i++ {
		o := &obj{seq: i}
		o.next = sentinel
		ring[i%100] = o
	}
	bad := 0
	for k, o := range ring {
		if o.seq%100 != k || o.seq < 40000-100 || o.next.seq != -1 {
			bad++
		}
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Println("bad:", bad)
	fmt.Println("mallocs counted:", m.Mallocs-before.Mallocs >= 40000)
	fmt.Println("bytes counted:", m.TotalAlloc-before.TotalAlloc >= 40000*1024)
	fmt.Println("cycles:", m.NumGC >= 8)
	fmt.Println("freed:", m.Frees-before.Frees >= 30000, m.HeapAlloc < 8<<20)
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	fmt.Println("forced:", after.NumForcedGC-m.NumForcedGC, after.NumGC > m.NumGC)
}
