package main

import (
	"fmt"
	"runtime"
	"sort"
	"sync"
)

// A bounded queue guarded by a mutex and two condition variables.
type queue struct {
	mu       sync.Mutex
	notEmpty *sync.Cond
	notFull  *sync.Cond
	items    []int
	limit    int
}

func newQueue(limit int) *queue {
	q := &queue{limit: limit}
	q.notEmpty = sync.NewCond(&q.mu)
	q.notFull = sync.NewCond(&q.mu)
	return q
}

func (q *queue) put(v int) {
	q.mu.Lock()
	for len(q.items) == q.limit {
		q.notFull.Wait()
	}
	q.items = append(q.items, v)
	q.notEmpty.Signal()
	q.mu.Unlock()
}

func (q *queue) get() int {
	q.mu.Lock()
	for len(q.items) == 0 {
		q.notEmpty.Wait()
	}
	v := q.items[0]
	q.items = q.items[1:]
	q.notFull.Signal()
	q.mu.Unlock()
	return v
}

func main() {
	q := newQueue(2)
	var wg sync.WaitGroup
	sum := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 100; i++ {
			sum += q.get()
		}
	}()
	for i := 1; i <= 100; i++ {
		q.put(i)
	}
	wg.Wait()
	fmt.Println("sum through a bounded queue:", sum)

	// Broadcast wakes every waiter.
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	ready := false
	woken := 0
	var wg2 sync.WaitGroup
	for i := 0; i < 5; i++ {
		wg2.Add(1)
		go func() {
			defer wg2.Done()
			mu.Lock()
			for !ready {
				c.Wait()
			}
			woken++
			mu.Unlock()
		}()
	}
	mu.Lock()
	ready = true
	c.Broadcast()
	mu.Unlock()
	wg2.Wait()
	fmt.Println("woken by broadcast:", woken)

	// sync.Map
	var m sync.Map
	for i := 0; i < 5; i++ {
		m.Store(fmt.Sprint("k", i), i*i)
	}
	v, ok := m.Load("k3")
	fmt.Println("load k3:", v, ok)
	v, ok = m.Load("nope")
	fmt.Println("load nope:", v, ok)
	act, loaded := m.LoadOrStore("k1", 100)
	fmt.Println("LoadOrStore k1:", act, loaded)
	act, loaded = m.LoadOrStore("k9", 81)
	fmt.Println("LoadOrStore k9:", act, loaded)
	old, loaded := m.LoadAndDelete("k0")
	fmt.Println("LoadAndDelete k0:", old, loaded)
	m.Delete("k2")
	var keys []string
	m.Range(func(k, v any) bool {
		keys = append(keys, fmt.Sprintf("%v=%v", k, v))
		return true
	})
	sort.Strings(keys)
	fmt.Println("range:", keys)
	n := 0
	m.Range(func(k, v any) bool { n++; return n < 2 })
	fmt.Println("range stopped after", n)

	// sync.Pool with New
	made := 0
	p := sync.Pool{New: func() any { made++; return new([64]byte) }}
	b := p.Get().(*[64]byte)
	b[0] = 7
	p.Put(b)
	b2 := p.Get().(*[64]byte)
	fmt.Println("pool gave back the same buffer:", b2 == b, b2[0], "made", made)
	var empty sync.Pool
	fmt.Println("empty pool without New:", empty.Get())

	// What is pooled does not survive two collections (one may leave it in the
	// victim cache, or not: a cycle may already be running, so Go promises nothing
	// about one).
	p.Put(b2)
	runtime.GC()
	runtime.GC()
	fmt.Println("after two GCs, the pooled buffer:", p.Get().(*[64]byte) == b2)
}
