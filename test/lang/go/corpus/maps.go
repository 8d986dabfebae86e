package main

import "fmt"

type point struct{ x, y int }

func main() {
	m := map[string]int{"b": 2, "a": 1}
	m["c"] = 3
	fmt.Println(m, len(m))
	v, ok := m["a"]
	fmt.Println(v, ok)
	v, ok = m["zz"]
	fmt.Println(v, ok)
	delete(m, "b")
	fmt.Println(m)
	sum := 0
	for _, v := range m {
		sum += v
	}
	fmt.Println(sum)
	pm := map[point]string{{1, 2}: "a", {0, 0}: "origin"}
	fmt.Println(pm[point{1, 2}], pm)
	counts := map[rune]int{}
	for _, r := range "hello" {
		counts[r]++
	}
	fmt.Println(counts)
	var nm map[string]int
	fmt.Println(nm["x"], len(nm), nm == nil)
	mm := map[string][]int{}
	mm["a"] = append(mm["a"], 1, 2)
	fmt.Println(mm)
	ik := map[interface{}]int{1: 1, "a": 2}
	fmt.Println(ik[1], ik["a"], len(ik))
}
