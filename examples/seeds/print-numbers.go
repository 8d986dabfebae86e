package main

import (
    "fmt"
    "time"
)

func printNumbers() {
    for i := 1; i <= 5; i++ {
        fmt.Println(i)
        time.Sleep(500 * time.Millisecond)
    }
}

func main() {
    // 고루틴 실행
    go printNumbers()

    // main 고루틴
    fmt.Println("main 함수 실행 중")
    time.Sleep(3 * time.Second) // main이 종료되면 모든 고루틴도 종료됨
}
