package main

import "fmt"

func main() {
	var s []int
	fmt.Println(s == nil, len(s), cap(s), s)
	for i := 0; i < 10; i++ {
		s = append(s, i)
		fmt.Println(len(s), cap(s))
	}
	t := s[2:5]
	t[0] = 100
	fmt.Println(s, t, len(t), cap(t))
	u := s[2:4:6]
	fmt.Println(u, len(u), cap(u))
	u = append(u, 200)
	fmt.Println(s)
	u = append(u, 300, 400)
	u[0] = -1
	fmt.Println(s, u)
	d := make([]int, 3, 10)
	n := copy(d, s)
	fmt.Println(n, d)
	a := [5]int{1, 2, 3}
	b := a
	b[0] = 9
	fmt.Println(a, b, len(a))
	p := &a
	p[1] = 7
	fmt.Println(a)
	m := [][]string{{"a", "b"}, {"c"}}
	m[1] = append(m[1], "d")
	fmt.Println(m, len(m[1]))
	grid := [2][3]int{}
	grid[1][2] = 5
	fmt.Println(grid)
	e := []string{}
	fmt.Println(e == nil, e)
	x := append([]int(nil), 1, 2, 3)
	y := append(x[:1], x[2:]...)
	fmt.Println(x, y)
	arr := [...]string{2: "c", 0: "a"}
	fmt.Println(len(arr), arr)
	var bs []byte
	bs = append(bs, "hi"...)
	fmt.Println(bs, string(bs))
}
