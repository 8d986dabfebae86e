package main

// The seed's server with one change: the seed imports "fmt" without using it, which
// Go rejects (./hello-server-as-written.go:4:5: "fmt" imported and not used), so
// the import is dropped here; hello-server-as-written.go is the seed unchanged.
import (
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
