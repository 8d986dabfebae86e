package main

import "fmt"

func sum(a int, b int, ch chan int) {
    ch <- a+b // 채널로 값 전송
}

func main() {
    ch := make(chan int)

    go sum(3,4,ch)

    res := <- ch // 채널에서 값 수신
    fmt.Println("sum:", res)
}
