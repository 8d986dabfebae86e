package main

import (
	"fmt"
	"strings"
)

type Animal interface {
	Sound() string
	Name() string
}

type Base struct{ name string }

func (b Base) Name() string { return b.name }

type Dog struct {
	Base
	breed string
}

func (d Dog) Sound() string { return "woof" }

type Cat struct{ *Base }

func (c *Cat) Sound() string { return "meow" }

type Counter struct{ n int }

func (c *Counter) Inc()     { c.n++ }
func (c Counter) Get() int  { return c.n }
func (c Counter) String() string { return fmt.Sprintf("Counter(%d)", c.n) }

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

type Pair struct {
	Key   string
	Value int
}

func main() {
	d := Dog{Base{"rex"}, "lab"}
	c := &Cat{&Base{"tom"}}
	animals := []Animal{d, c}
	for _, a := range animals {
		fmt.Println(a.Name(), a.Sound())
	}
	var cnt Counter
	cnt.Inc()
	cnt.Inc()
	fmt.Println(cnt.Get(), cnt, &cnt)
	p := &cnt
	p.Inc()
	fmt.Println(p.n, cnt.n)
	fmt.Println(Celsius(21.5))
	pr := Pair{"a", 1}
	fmt.Printf("%v %+v %#v\n", pr, pr, pr)
	pp := &pr
	fmt.Printf("%v %+v\n", pp, pp)
	q := pr
	q.Value = 2
	fmt.Println(pr.Value, q.Value, pr == Pair{"a", 1}, pr == q)
	var sb strings.Builder
	sb.WriteString("x")
	sb.WriteString("y")
	fmt.Println(sb.String(), sb.Len())
	anon := struct {
		A int
		B string
	}{1, "b"}
	fmt.Println(anon)
	fn := cnt.Get
	cnt.Inc()
	fmt.Println(fn(), cnt.Get())
}
