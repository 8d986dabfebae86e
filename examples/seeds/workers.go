package main

import (
	"fmt"
	"time"
)

func worker(id int) {
	for i := 0; i < 3; i++ {
		fmt.Printf("Worker %d: %d\n", id, i)
		time.Sleep(time.Millisecond * 500)
	}
}

func main() {
	for i := 1; i <= 3; i++ {
		go worker(i) // 런타임 스케줄러가 관리하는 고루틴
	}

	time.Sleep(2 * time.Second) // main 종료 방지
}
