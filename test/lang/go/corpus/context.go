package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

func worker(ctx context.Context, id int, out chan<- string) {
	for i := 0; ; i++ {
		select {
		case <-ctx.Done():
			out <- fmt.Sprintf("worker %d stopped: %v", id, ctx.Err())
			return
		case <-time.After(10 * time.Millisecond):
		}
	}
}

type key string

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	out := make(chan string)
	go worker(ctx, 1, out)
	time.Sleep(25 * time.Millisecond)
	cancel()
	fmt.Println(<-out)

	tctx, tcancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer tcancel()
	select {
	case <-tctx.Done():
		fmt.Println("timeout:", tctx.Err(), errors.Is(tctx.Err(), context.DeadlineExceeded))
	case <-time.After(time.Second):
		fmt.Println("too late")
	}
	_, hasDl := tctx.Deadline()
	fmt.Println(hasDl)

	parent, pcancel := context.WithCancel(context.Background())
	child, ccancel := context.WithCancel(parent)
	defer ccancel()
	pcancel()
	<-child.Done()
	fmt.Println("child:", child.Err())

	vctx := context.WithValue(context.Background(), key("user"), "gopher")
	fmt.Println(vctx.Value(key("user")), vctx.Value(key("none")))

	var n atomic.Int64
	var m int64
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n.Add(2)
			atomic.AddInt64(&m, 1)
		}()
	}
	wg.Wait()
	fmt.Println(n.Load(), atomic.LoadInt64(&m))

	xs := []int{5, 2, 8, 1}
	sort.Ints(xs)
	fmt.Println(xs)
	type person struct {
		name string
		age  int
	}
	people := []person{{"a", 30}, {"b", 20}, {"c", 30}, {"d", 10}}
	sort.Slice(people, func(i, j int) bool { return people[i].age < people[j].age })
	fmt.Println(people)
	ss := []string{"pear", "apple", "fig"}
	sort.Strings(ss)
	fmt.Println(ss, sort.SearchInts(xs, 5))
}
