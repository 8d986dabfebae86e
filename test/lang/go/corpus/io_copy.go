// io's helpers written in Go: Copy (through WriterTo/ReaderFrom), CopyN, ReadFull and
// ReadAtLeast, LimitReader, MultiWriter, TeeReader, Discard, NopCloser.
package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
)

type upper struct{ w io.Writer }

func (u upper) Write(p []byte) (int, error) { return u.w.Write(bytes.ToUpper(p)) }

func main() {
	var b bytes.Buffer
	n, err := io.Copy(&b, strings.NewReader("hello, copy"))
	fmt.Println(n, err, b.String())
	buf := make([]byte, 4)
	k, err := io.ReadFull(strings.NewReader("ab"), buf)
	fmt.Println(k, err)
	k, err = io.ReadFull(strings.NewReader(""), buf)
	fmt.Println(k, err)
	lr := io.LimitReader(strings.NewReader("0123456789"), 4)
	all, _ := io.ReadAll(lr)
	fmt.Println(string(all))
	var b2 bytes.Buffer
	w := io.MultiWriter(&b2, upper{os.Stdout})
	io.WriteString(w, "multi\n")
	fmt.Print(b2.String())
	var seen bytes.Buffer
	tr := io.TeeReader(strings.NewReader("tee"), &seen)
	io.Copy(io.Discard, tr)
	fmt.Println(seen.String())
	m, err := io.CopyN(os.Stdout, strings.NewReader("abcdef\n"), 3)
	fmt.Println()
	fmt.Println(m, err)
	m, err = io.CopyN(io.Discard, strings.NewReader("ab"), 3)
	fmt.Println(m, err)
	rc := io.NopCloser(strings.NewReader("x"))
	fmt.Println(rc.Close())
}
