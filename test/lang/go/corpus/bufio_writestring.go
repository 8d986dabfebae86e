// bufio.Writer: WriteString fills and flushes the buffer piece by piece; Write passes a
// large write with nothing buffered straight through.
package main

import (
	"bufio"
	"fmt"
	"strings"
)

type rec struct{ sizes []int }

func (r *rec) Write(p []byte) (int, error) { r.sizes = append(r.sizes, len(p)); return len(p), nil }

func main() {
	r := &rec{}
	w := bufio.NewWriterSize(r, 16)
	w.WriteString(strings.Repeat("a", 40))
	w.Flush()
	w.Write([]byte(strings.Repeat("b", 40)))
	w.Flush()
	fmt.Println(r.sizes)
}
