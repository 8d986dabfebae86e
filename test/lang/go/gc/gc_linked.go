// gc_linked: a linked list, a binary tree, a map and a channel of pointers, built and
// mutated across many collections; everything reachable is checked by checksum at the
// end of each round, and the program's own figures say the unreachable was reclaimed.
package main

import (
	"fmt"
	"runtime"
)

type node struct {
	next *node
	val  int
	data []int
}

type tree struct {
	left, right *tree
	key         int
	pad         [32]int
}

func build(depth, key int) *tree {
	if depth == 0 {
		return nil
	}
	t := &tree{key: key}
	t.left = build(depth-1, 2*key)
	t.right = build(depth-1, 2*key+1)
	return t
}

func sum(t *tree) int {
	if t == nil {
		return 0
	}
	return t.key + sum(t.left) + sum(t.right)
}

// replace swaps the subtree at a path chosen by r for a fresh one: the old one is garbage.
func replace(t *tree, r, depth int) {
	for d := 1; d < depth-3; d++ {
		if r&1 == 0 {
			t = t.left
		} else {
			t = t.right
		}
		r >>= 1
	}
	t.left = build(3, t.left.key)
}

var keep map[int]*node

func main() {
	var head *node
	n := 0
	keep = make(map[int]*node)
	ch := make(chan *node, 16)
	root := build(10, 1)
	want := sum(root)
	counter := 0
	next := func() int { counter++; return counter }
	for round := 0; round < 80; round++ {
		// the list grows by 200 nodes and loses its oldest half each round
		for i := 0; i < 200; i++ {
			v := next()
			head = &node{next: head, val: v, data: make([]int, 512)}
			head.data[511] = v * 3
			n++
		}
		k := 0
		for p := head; p != nil; p = p.next {
			k++
			if k == n/2 {
				p.next = nil
				n = k
				break
			}
		}
		// some nodes live only in a map, some only in a channel buffer
		keep[round%7] = &node{val: round, data: make([]int, 8)}
		if len(ch) == cap(ch) {
			<-ch
		}
		ch <- &node{val: -round}
		replace(root, round*7919, 10)
		// check everything reachable
		s, c := 0, 0
		for p := head; p != nil; p = p.next {
			if p.data[511] != p.val*3 {
				fmt.Println("corrupt node", p.val)
			}
			s += p.val
			c++
		}
		if c != n || sum(root) != want {
			fmt.Println("round", round, "lost something:", c, n, sum(root), want)
		}
		for r, p := range keep {
			if p.val%7 != r {
				fmt.Println("map entry corrupt", r, p.val)
			}
		}
		if round%20 == 19 {
			fmt.Println("round", round+1, "list", c, "nodes, head", head.val, "sum", s)
		}
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	fmt.Println("tree sum", sum(root), "map", len(keep), "chan", len(ch))
	fmt.Println("many cycles:", m.NumGC >= 10)
	fmt.Println("unreachable reclaimed:", m.Frees > m.Mallocs/2, m.HeapAlloc < m.TotalAlloc/4)
}
