package main

func f(a int) {}

func g() (int, bool) { return 0, true }

func main() {
	f()
	f(g())
	f(nil, true, "s")
}
