// Operator precedence around selectors, indexes, calls and conversions: each
// postfix operator binds to its own operand, then * / % << >> & &^, + - | ^,
// comparisons, && and || in that order, left to right within a level.
package main

import "fmt"

type obj struct {
	seq  int64
	name string
	kids []int
}

func (o obj) size() int { return len(o.kids) }

func main() {
	o := obj{seq: 7, name: "x", kids: []int{3, 4, 5}}
	n, k := 3, 1
	fmt.Println(int(o.seq)%n != k || o.seq < 0)
	fmt.Println(k != 1 || o.seq < 0, o.seq < 0 || k != 1)
	fmt.Println(k == 1 && o.kids[1] > 3 || o.size() < 2)
	fmt.Println(k+o.kids[2]*2, -o.seq+1, k<<o.kids[0]|1, !(o.name == "x") || o.seq&3 == 3)
	fmt.Println(n*o.size()-k, n-o.size()*k, float64(o.seq)/2+0.25 > 3 && o.name != "")
}
