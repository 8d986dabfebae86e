// 64-bit values in named types, struct and interface map keys, arrays, channels, closures,
// deferred updates of named results, pointers, sort.Slice, and Stringers under %x.
package main

import (
	"fmt"
	"math"
	"sort"
	"strconv"
)

type ID uint64

func (i ID) String() string { return "id-" + strconv.FormatUint(uint64(i), 16) }

type Key struct {
	A uint64
	B int64
}

type Hasher interface{ Sum() uint64 }
type H struct{ v uint64 }

func (h *H) Sum() uint64 { return h.v * 31 }

func counter() func() int64 {
	var c int64 = math.MaxInt64 - 1
	return func() int64 { c++; return c }
}

func named() (r int64) {
	defer func() { r *= 2 }()
	return math.MaxInt64 / 2
}

func main() {
	ids := []ID{math.MaxUint64, 1 << 63, 255}
	fmt.Println(ids, ids[0])
	fmt.Printf("%v %d %s %x\n", ids[0], ids[0], ids[1], ids[2])
	m := map[Key]int{}
	m[Key{math.MaxUint64, math.MinInt64}] = 1
	m[Key{math.MaxUint64, math.MinInt64}]++
	m[Key{1, 1}] = 5
	fmt.Println(len(m), m[Key{math.MaxUint64, math.MinInt64}], m)
	var im = map[interface{}]string{}
	im[uint64(1<<63)] = "u"
	im[int64(-1<<63)] = "i"
	im[ID(1<<63)] = "id"
	fmt.Println(len(im), im[uint64(1<<63)], im[int64(-1<<63)], im[ID(1<<63)])
	a1 := [2]int64{math.MaxInt64, math.MinInt64}
	a2 := a1
	fmt.Println(a1 == a2, Key{1 << 60, -1} == Key{1 << 60, -1})
	ch := make(chan uint64, 3)
	ch <- math.MaxUint64
	ch <- 1 << 63
	close(ch)
	for v := range ch {
		fmt.Println("chan", v, v>>1)
	}
	c := counter()
	fmt.Println(c(), c(), c())
	fmt.Println(named())
	var h Hasher = &H{math.MaxUint64}
	fmt.Println(h.Sum())
	p := new(int64)
	*p = math.MinInt64
	*p--
	fmt.Println(*p)
	xs := []uint64{math.MaxUint64, 0, 1 << 63, 1<<53 + 1, 1 << 53}
	sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })
	fmt.Println(xs)
	var total uint64
	for _, x := range xs {
		total += x
	}
	fmt.Println(total)
	fmt.Println(strconv.Quote(strconv.FormatInt(math.MinInt64, 10)))
	var mixed int64 = 1 << 40
	fmt.Println(mixed*mixed, mixed*mixed/mixed, int32(mixed>>20), uint8(mixed+255))
	s := fmt.Sprintf("%v|%6v|%-6v|", uint64(7), int64(-7), uint(7))
	fmt.Println(s)
	type T struct{ X, Y int64 }
	fmt.Printf("%v %+v\n", T{math.MaxInt64, -1}, &T{1, math.MinInt64})
	fmt.Println(fmt.Sprint(ID(10)), fmt.Sprintf("%v", []ID{1, 2}))
}
