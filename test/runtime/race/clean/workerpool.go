// Three workers take jobs from one channel and send results on another.
package main

import (
	"fmt"
	"time"
)

type job struct {
	id    int
	input []int
}

func worker(id int, jobs <-chan job, results chan<- int) {
	for j := range jobs {
		sum := 0
		for _, v := range j.input {
			sum += v
		}
		time.Sleep(time.Millisecond)
		j.input[0] = sum // the job is this worker's now
		results <- j.input[0] * id / id
	}
}

func main() {
	jobs := make(chan job, 5)
	results := make(chan int, 5)
	for w := 1; w <= 3; w++ {
		go worker(w, jobs, results)
	}
	for i := 1; i <= 5; i++ {
		jobs <- job{id: i, input: []int{i, i, i}}
	}
	close(jobs)
	total := 0
	for a := 1; a <= 5; a++ {
		total += <-results
	}
	fmt.Println("total", total)
}
