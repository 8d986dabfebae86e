package main

import (
    "fmt"
    "net"
)

func main() {
    listener, _ := net.Listen("tcp", ":8080")
    conn, _ := listener.Accept()
    buf := make([]byte, 1024)
    conn.Read(buf) // Go 런타임이 epoll 기반 비동기 처리
    conn.Write([]byte("Hello"))
    conn.Close()
}
