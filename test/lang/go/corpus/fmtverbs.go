package main

import "fmt"

type P struct {
	X, Y int
	Name string
}

type E struct{ msg string }

func (e E) Error() string { return "E:" + e.msg }

func main() {
	fmt.Printf("%d|%5d|%-5d|%05d|%x|%X|%o|%b|%c|%U\n", 42, 42, 42, 42, 255, 255, 8, 5, 'G', 0x1F600)
	fmt.Printf("%s|%q|%v|%10s|%-10s|%.2s\n", "go", "go\n", "go", "right", "left", "trunc")
	fmt.Printf("%f|%.2f|%8.3f|%e|%g|%g|%g\n", 3.14159, 3.14159, 3.14159, 123456.789, 0.000012, 1e7, 2.5)
	fmt.Printf("%t|%v|%p\n", true, false, nil)
	p := P{1, 2, "pt"}
	fmt.Printf("%v|%+v|%#v|%T\n", p, p, p, p)
	fmt.Printf("%v|%+v|%T\n", &p, &p, &p)
	fmt.Printf("%v|%d|%s|%q\n", []int{1, 2}, []int{3, 4}, []string{"a", "b"}, []string{"c"})
	fmt.Printf("%v|%v\n", map[string]int{"z": 1, "a": 2}, map[int]bool{2: true, 1: false})
	fmt.Printf("%v|%s|%T\n", E{"x"}, E{"y"}, E{})
	var err error = E{"z"}
	fmt.Println(err)
	fmt.Printf("%d %s\n", "str", 5)
	fmt.Printf("%d\n")
	fmt.Printf("%d\n", 1, 2)
	fmt.Printf("%%|%v|%v\n", nil, []interface{}{1, "a", nil})
	fmt.Printf("%x|% x|%X\n", "hi", "hi", []byte("hi"))
	fmt.Printf("%08.3f|%+d|%+.1f\n", 3.14159, 5, 2.0)
	fmt.Printf("%6.2f%%\n", 99.5)
	fmt.Printf("%3c|%-4q|%#x|%#o\n", 'A', 'B', 255, 8)
	s := fmt.Sprint("a", 1, 2, "b", 3.5, true)
	fmt.Println(s)
	fmt.Println(fmt.Sprintln("x", 1) + "y")
	var ip *int
	fmt.Println(ip == nil, ip)
	var e2 error
	fmt.Println(e2)
	fmt.Printf("%v %d\n", int8(-5), uint8(200))
	fmt.Printf("%5t|%-7v|\n", false, true)
	fmt.Printf("%v\n", [3]bool{true})
	fmt.Printf("%v %v\n", struct{}{}, [0]int{})
	type inner struct{ A []int; M map[string]int; P *int }
	fmt.Printf("%v %+v\n", inner{}, inner{A: []int{1}})
}
