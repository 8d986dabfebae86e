package main

import (
	"errors"
	"fmt"
)

type Shape interface {
	Area() float64
}

type Rect struct{ W, H float64 }
type Circle struct{ R float64 }

func (r Rect) Area() float64   { return r.W * r.H }
func (c Circle) Area() float64 { return 3 * c.R * c.R }

type MyErr struct{ Code int }

func (e *MyErr) Error() string { return fmt.Sprintf("code %d", e.Code) }

func find(i int) error {
	if i < 0 {
		return &MyErr{i}
	}
	return nil
}

func describe(x interface{}) string {
	switch v := x.(type) {
	case nil:
		return "nil"
	case int:
		return fmt.Sprintf("int %d", v)
	case string, bool:
		return fmt.Sprintf("string or bool %v", v)
	case Shape:
		return fmt.Sprintf("shape %.1f", v.Area())
	case error:
		return "error " + v.Error()
	default:
		return fmt.Sprintf("other %T", v)
	}
}

func main() {
	shapes := []Shape{Rect{2, 3}, Circle{1}}
	total := 0.0
	for _, s := range shapes {
		total += s.Area()
	}
	fmt.Println(total)
	var s Shape = Rect{1, 1}
	r, ok := s.(Rect)
	fmt.Println(r, ok)
	_, ok = s.(Circle)
	fmt.Println(ok)
	fmt.Println(describe(nil), describe(3), describe("x"), describe(true), describe(Circle{2}), describe(3.5), describe(errors.New("e")))
	err := find(-2)
	fmt.Println(err)
	var me *MyErr
	fmt.Println(errors.As(err, &me), me.Code)
	fmt.Println(find(1) == nil)
	var e1 = errors.New("base")
	e2 := fmt.Errorf("wrapped: %w", e1)
	fmt.Println(e2, errors.Is(e2, e1), errors.Unwrap(e2) == e1)
	var any1 interface{} = 5
	var any2 interface{} = 5
	fmt.Println(any1 == any2, any1 != "5")
	fmt.Printf("%T %T %T %T\n", any1, shapes, s, err)
}
