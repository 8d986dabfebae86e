package main

func noValue() {
	return 1
}

func needValue() int {
	return
}

func missing() int {
	for {
		break
	}
}

func main() {
	noValue()
	needValue()
	missing()
}
