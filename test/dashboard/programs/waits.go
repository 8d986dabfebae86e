package main

import "time"

func worker(jobs <-chan int) {
	for j := range jobs {
		_ = j
	}
}

func main() {
	jobs := make(chan int)
	go worker(jobs)
	go worker(jobs)
	time.Sleep(time.Second)
}
