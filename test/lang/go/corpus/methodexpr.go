// Method expressions (T.M, (*T).M, I.M: the method as a function of its receiver) and
// method values (x.M: the receiver is evaluated, and copied if it is a value, when the
// method value is made), through embedding, pointers, interfaces and the library.
package main

import (
	"fmt"
	"sort"
	"strings"
)

type Point struct{ X, Y int }

func (p Point) Sum() int          { return p.X + p.Y }
func (p *Point) Scale(k int)      { p.X *= k; p.Y *= k }
func (p Point) Add(q Point) Point { return Point{p.X + q.X, p.Y + q.Y} }

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

type Named struct {
	Point
	Name string
}

type Shape interface{ Area() float64 }
type Square struct{ S float64 }

func (q Square) Area() float64 { return q.S * q.S }

type counter struct{ n int }

func (c *counter) inc() { c.n++ }

func apply(fs []func(Point) int, p Point) []int {
	var out []int
	for _, f := range fs {
		out = append(out, f(p))
	}
	return out
}

func main() {
	p := Point{1, 2}
	sum := p.Sum // p copied now
	p.X = 10
	fmt.Println(sum(), p.Sum())

	fmt.Println(Point.Sum(p), apply([]func(Point) int{Point.Sum, func(q Point) int { return q.X }}, p))
	scale := (*Point).Scale
	scale(&p, 3)
	fmt.Println(p, (*Point).Sum(&p))
	add := Point.Add
	fmt.Printf("%v %T\n", add(p, Point{1, 1}), add)

	sc := p.Scale // &p bound now
	sc(2)
	fmt.Println(p)

	n := Named{Point{3, 4}, "n"}
	fmt.Println(Named.Sum(n), n.Sum(), (*Named).Sum(&n))

	area := Shape.Area
	var s Shape = Square{3}
	fmt.Println(area(s), area(Square{2}))
	a := s.Area
	s = Square{5}
	fmt.Println(a(), s.Area())

	str := Celsius.String
	fmt.Println(str(21.5), (*Celsius).String(new(Celsius)))

	var c counter
	inc := c.inc
	for i := 0; i < 3; i++ {
		inc()
	}
	defer fmt.Println("deferred method value saw", c.n)
	done := make(chan bool)
	go func(f func()) { f(); done <- true }(c.inc)
	<-done
	fmt.Println("count", c.n)

	var b strings.Builder
	w := b.WriteString
	w("hello, ")
	w("world")
	fmt.Println(b.String(), b.Len())

	words := []string{"pear", "fig", "apple"}
	less := func(i, j int) bool { return words[i] < words[j] }
	sort.Slice(words, less)
	up := strings.ToUpper
	fmt.Println(words, up(words[0]))
}
