// goto: backward (a loop written with a label), forward (out of nested loops and a
// switch), from inside a loop body to a label of that body, and a declaration that a
// backward goto runs again — a new variable each time, so each closure keeps its own.
package main

import "fmt"

func find(xs []int, want int) int {
	i := 0
next:
	if i >= len(xs) {
		return -1
	}
	if xs[i] == want {
		goto found
	}
	i++
	goto next
found:
	return i
}

func grid(n int) (int, int) {
	for r := 0; r < n; r++ {
		for c := 0; c < n; c++ {
			if r*c == 6 {
				fmt.Println("found at", r, c)
				goto out
			}
		}
	}
	return -1, -1
out:
	return n, n * n
}

func main() {
	fmt.Println(find([]int{4, 5, 6}, 6), find([]int{1}, 3))
	fmt.Println(grid(5))
	n := 0
	for k := 0; k < 10; k++ {
		if k == 2 {
			continue
		}
	again:
		n++
		if n%3 != 0 {
			goto again
		}
		if k == 7 {
			break
		}
		fmt.Println("k", k, "n", n)
	}
	var fs []func() int
	j := 0
top:
	x := j * 10
	fs = append(fs, func() int { x++; return x })
	j++
	if j < 3 {
		goto top
	}
	for _, f := range fs {
		fmt.Print(f(), " ", f(), " ")
	}
	fmt.Println(x)
	switch {
	case n > 0:
		goto done
	}
	fmt.Println("skipped")
done:
	fmt.Println("done", n)
}
