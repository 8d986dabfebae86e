package main

import (
	"fmt"
	"math"
	"math/rand"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	// sync/atomic on full-width values, from several goroutines
	var c int64 = math.MaxInt64 - 100
	var u uint64 = math.MaxUint64 - 100
	var ai atomic.Int64
	var au atomic.Uint64
	ai.Store(math.MinInt64 + 100)
	au.Store(1 << 63)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 50; k++ {
				atomic.AddInt64(&c, 1)
				atomic.AddUint64(&u, 1)
				ai.Add(-1)
				au.Add(^uint64(0)) // decrement, as the atomic docs say
			}
		}()
	}
	wg.Wait()
	fmt.Println("atomic:", atomic.LoadInt64(&c), atomic.LoadUint64(&u), ai.Load(), au.Load())
	fmt.Println("cas:", atomic.CompareAndSwapInt64(&c, math.MinInt64+99, 1<<62), c, atomic.CompareAndSwapUint64(&u, 99, math.MaxUint64), u)
	fmt.Println("cas typed:", ai.CompareAndSwap(math.MaxInt64, 0), ai.CompareAndSwap(math.MaxInt64-99, -1), ai.Load(), au.CompareAndSwap(1<<63-200, 5), au.Swap(math.MaxUint64), au.Load())
	atomic.StoreUint64(&u, 1<<60+1)
	fmt.Println("swap:", atomic.SwapInt64(&c, math.MinInt64), c, atomic.SwapUint64(&u, 0), u)

	// math/rand: full-width values in range (the values themselves differ run to run)
	allIn, high := true, false
	for k := 0; k < 2000; k++ {
		v := rand.Int63()
		w := rand.Uint64()
		n := rand.Int63n(math.MaxInt64 - 5)
		m := rand.Int63n(1 << 40)
		x := rand.Intn(1 << 62)
		if v < 0 || n < 0 || n >= math.MaxInt64-5 || m < 0 || m >= 1<<40 || x < 0 || x >= 1<<62 {
			allIn = false
		}
		if v > 1<<62 && w > 1<<63 && n > 1<<62 && x > 1<<61 {
			high = true
		}
	}
	fmt.Println("rand in range:", allIn, "uses the top bits:", high)

	// time.Duration at the edges
	ds := []time.Duration{math.MaxInt64, math.MinInt64, 1<<53 + 1, -(1<<53 + 1), 292 * 365 * 24 * time.Hour, time.Duration(math.MaxInt64) - time.Second}
	for _, d := range ds {
		fmt.Println(d, int64(d), d.Hours(), d.Minutes(), d.Seconds(), d.Milliseconds(), d.Microseconds(), d.Nanoseconds())
		fmt.Println("  round/truncate:", d.Round(time.Hour), d.Truncate(time.Hour), d.Round(7*time.Second), d.Abs())
	}
	var d time.Duration = math.MaxInt64
	d += time.Nanosecond
	fmt.Println("wrapped:", d, d == math.MinInt64)
	fmt.Println("products:", 1000000*time.Hour, time.Duration(1<<62)*d.Abs(), 106751*24*time.Hour)
	fmt.Printf("%v %d %s\n", time.Duration(math.MaxInt64), time.Duration(math.MinInt64), time.Duration(1<<62))

	// Unix nanoseconds are past 2^53 since April 1970
	t := time.Unix(1767312000, 123456789)
	fmt.Println("unix nano:", t.UnixNano(), t.UnixNano()%1000, t.Unix(), t.UnixNano()/1e9 == t.Unix())
	fmt.Println("now past 2^53 ns:", time.Now().UnixNano() > 1<<53, time.Time{}.UnixNano(), time.Unix(0, math.MaxInt64).UTC().Year())
	xs := []int{math.MaxInt64, 3, math.MinInt, 1 << 53, 1<<53 + 1, -(1 << 60)}
	sort.Ints(xs)
	fmt.Println("sorted:", xs, sort.IntsAreSorted(xs), sort.SearchInts(xs, 1<<53+1))
}
