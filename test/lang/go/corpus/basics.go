package main

import "fmt"

const (
	A = iota
	B
	C
	_
	E
)

type Weekday int

const (
	Sunday Weekday = iota
	Monday
	Tuesday
)

const big = 1 << 40

func main() {
	fmt.Println(A, B, C, E, Monday, Tuesday)
	var i8 int8 = 127
	i8++
	fmt.Println(i8)
	var u8 uint8 = 0
	u8--
	fmt.Println(u8)
	var u32 uint32 = 1 << 31
	u32 *= 2
	fmt.Println(u32)
	var i32 int32 = 1 << 30
	i32 *= 4
	fmt.Println(i32)
	x := 7
	y := 2
	fmt.Println(x/y, x%y, -x/y, -x%y, x&y, x|y, x^y, x&^y, x<<3, x>>1)
	f := 7.0
	fmt.Println(f/2, big, big/3)
	fmt.Println(3.0, 2.5, 1e21, 1e-5, 100000000.0)
	s := "héllo, 世界"
	fmt.Println(len(s), s[1], s[0:1])
	for i, r := range "aé世" {
		fmt.Println(i, r, string(r))
	}
	b := []byte("abc")
	b[0] = 'X'
	fmt.Println(string(b), b)
	rs := []rune(s)
	fmt.Println(len(rs), string(rs[7:]))
	var z float64
	fmt.Println(z, -z, 1/3.0)
	fmt.Println(true && !false, 5 > 3 || false)
	c := 'a' + 1
	fmt.Println(c, string(rune(c)))
	h := 0
	for i := 0; i < 10; i++ {
		h = h*31 + i
	}
	fmt.Println(h)
}
