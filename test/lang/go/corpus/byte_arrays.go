// Arrays of bytes: value copies, ==, map keys, slices sharing them, %v %x %q %T, composite
// literals dense and sparse, a byte array field of a heap object, *p = [N]byte{...}.
package main

import "fmt"

type obj struct {
	next *obj
	pad  [8]byte
}

func main() {
	var a [4]byte
	a[1] = 200
	x := 300
	a[2] = byte(x)
	b := a
	b[0] = 7
	fmt.Println(a, b, a == b, len(a))
	c := [5]byte{1, 2, 3}
	d := [6]byte{4: 9}
	fmt.Printf("%v %v %x %q\n", c, d, c, string(c[:3]))
	s := c[1:4]
	s[0] = 99
	s = append(s, 5)
	fmt.Println(c, s, cap(s))
	m := map[[2]byte]int{{1, 2}: 3}
	m[[2]byte{1, 2}]++
	fmt.Println(m)
	o := &obj{}
	o.pad[3] = 255
	o.pad[3]++
	fmt.Printf("%v %+v\n", o.pad, *o)
	p := &a
	p[3] = 1
	*p = [4]byte{9, 9, 9, 9}
	fmt.Println(a)
	for i, v := range d {
		if v != 0 {
			fmt.Println(i, v)
		}
	}
	var arr [3][2]byte
	arr[1][1] = 5
	fmt.Println(arr)
	fmt.Printf("%T %T %#v\n", a, s, c)
}
