package main

import (
	"fmt"
	"math"
	"strconv"
)

func main() {
	vals := []int64{0, 1, -1, 255, -255, math.MaxInt64, math.MinInt64, 1<<53 + 1, -(1<<53 + 1), 0x7fffffff}
	for _, v := range vals {
		fmt.Printf("%d|%5d|%-22d|%+d|% d|%x|%X|%#x|%o|%#o|%b|%v|%08d|%.3d\n", v, v, v, v, v, v, v, v, v, v, v, v, v, v)
	}
	uvals := []uint64{0, 1, math.MaxUint64, 1 << 63, 1<<63 - 1, 0xdeadbeefcafebabe}
	for _, u := range uvals {
		fmt.Printf("%d|%24d|%x|%X|%#X|%o|%b|%v|%#v|%020d\n", u, u, u, u, u, u, u, u, u, u)
	}
	var ui uint = math.MaxUint
	var up uintptr = 0xffffffffffffff00
	fmt.Printf("%d %x %v %d %x\n", ui, ui, ui, up, up)
	fmt.Printf("%c|%c|%q|%q|%U|%#U|%U|%U\n", int64(0x1F600), int64(1<<40), int64('x'), int64(1<<62), int64(0x1F600), int64('A'), int64(-1), uint64(math.MaxUint64))
	fmt.Println(int64(math.MinInt64), uint64(math.MaxUint64), []int64{math.MaxInt64, math.MinInt64}, map[int64]bool{math.MinInt64: true})
	fmt.Print(uint64(1<<63), " ", int64(-1<<63), "\n")
	s := fmt.Sprint(int64(math.MaxInt64), uint64(math.MaxUint64))
	fmt.Println(s, len(s))
	fmt.Printf("%T %T %T %T\n", int64(1), uint64(1), uint(1), uintptr(1))
	fmt.Printf("%*d|%-*d|\n", 22, int64(math.MinInt64), 21, uint64(math.MaxUint64))

	// strconv
	fmt.Println(strconv.Itoa(math.MaxInt), strconv.Itoa(math.MinInt))
	for _, b := range []int{2, 8, 10, 16, 36} {
		fmt.Println(b, strconv.FormatInt(math.MinInt64, b), strconv.FormatInt(math.MaxInt64, b), strconv.FormatUint(math.MaxUint64, b), strconv.FormatInt(-255, b))
	}
	for _, in := range []string{"9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "0", "-0", "+42", "", "12a", "99999999999999999999999", "9007199254740993"} {
		i, err := strconv.ParseInt(in, 10, 64)
		fmt.Println("ParseInt", in, i, err)
		a, err := strconv.Atoi(in)
		fmt.Println("Atoi", in, a, err)
	}
	for _, in := range []string{"18446744073709551615", "18446744073709551616", "-1", "0xff", "1_000"} {
		u, err := strconv.ParseUint(in, 10, 64)
		fmt.Println("ParseUint", in, u, err)
		u0, err := strconv.ParseUint(in, 0, 64)
		fmt.Println("ParseUint base 0", in, u0, err)
	}
	for _, c := range []struct {
		s    string
		base int
		bits int
	}{{"7fffffffffffffff", 16, 64}, {"-8000000000000000", 16, 64}, {"8000000000000000", 16, 64}, {"0x7f", 0, 8}, {"0x80", 0, 8}, {"-129", 10, 8}, {"0b101", 0, 64}, {"0o17", 0, 64}, {"017", 0, 64}, {"1_000_000", 0, 64}, {"1__0", 0, 64}, {"_1", 0, 64}, {"zz", 36, 64}, {"2147483648", 10, 32}, {"10", 1, 64}, {"10", 10, 65}, {"1_0", 10, 64}} {
		i, err := strconv.ParseInt(c.s, c.base, c.bits)
		fmt.Println("ParseInt", c.s, c.base, c.bits, i, err)
	}
	for _, c := range []struct {
		s    string
		base int
		bits int
	}{{"ffffffffffffffff", 16, 64}, {"10000000000000000", 16, 64}, {"255", 10, 8}, {"256", 10, 8}, {"4294967296", 10, 32}} {
		u, err := strconv.ParseUint(c.s, c.base, c.bits)
		fmt.Println("ParseUint", c.s, c.base, c.bits, u, err)
	}
}
