package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

func main() {
	// Scanner: lines, then words, then runes
	sc := bufio.NewScanner(strings.NewReader("first line\r\nsecond  line\n\nlast without newline"))
	n := 0
	for sc.Scan() {
		n++
		fmt.Printf("line %d: %q\n", n, sc.Text())
	}
	fmt.Println("err:", sc.Err())
	ws := bufio.NewScanner(strings.NewReader("  the quick\tbrown\n fox  "))
	ws.Split(bufio.ScanWords)
	var words []string
	for ws.Scan() {
		words = append(words, ws.Text())
	}
	fmt.Println(len(words), words)
	rs := bufio.NewScanner(strings.NewReader("héllo, 世界"))
	rs.Split(bufio.ScanRunes)
	count := 0
	for rs.Scan() {
		count++
	}
	fmt.Println("runes:", count)

	// a token longer than the buffer allows
	long := bufio.NewScanner(strings.NewReader(strings.Repeat("x", 100) + "\n"))
	long.Buffer(make([]byte, 16), 32)
	fmt.Println(long.Scan(), long.Err())

	// Reader
	r := bufio.NewReader(strings.NewReader("alpha\nbeta\ngamma"))
	for {
		s, err := r.ReadString('\n')
		fmt.Printf("%q %v\n", s, err)
		if err == io.EOF {
			break
		}
	}
	r2 := bufio.NewReaderSize(strings.NewReader("ab€cd"), 16)
	c, _ := r2.ReadByte()
	r2.UnreadByte()
	c2, _ := r2.ReadByte()
	p, _ := r2.Peek(2)
	fmt.Println(string(c), string(c2), string(p))
	ru, size, _ := r2.ReadRune()
	ru, size, _ = r2.ReadRune()
	fmt.Println(string(ru), size)

	// Writer: nothing reaches the file until Flush
	w := bufio.NewWriter(os.Stdout)
	fmt.Fprintf(w, "buffered %d bytes\n", w.Buffered())
	fmt.Println("before flush:", w.Buffered())
	w.WriteString("written ")
	w.WriteByte('!')
	w.WriteRune('✓')
	w.WriteString("\n")
	w.Flush()

	// bytes.Buffer
	var b bytes.Buffer
	b.WriteString("hello ")
	b.Write([]byte("world"))
	b.WriteByte('\n')
	b.WriteRune('é')
	fmt.Println(b.Len(), strings.TrimSpace(b.String()))
	line, err := b.ReadString('\n')
	fmt.Printf("%q %v %d\n", line, err, b.Len())
	rest, err := b.ReadString('\n')
	fmt.Printf("%q %v\n", rest, err)
	bb := bytes.NewBufferString("x,y,z")
	parts := bytes.Split(bb.Bytes(), []byte(","))
	fmt.Println(len(parts), string(bytes.Join(parts, []byte("+"))), bytes.Equal(parts[0], []byte("x")), bytes.Contains(bb.Bytes(), []byte("y,")))
	var nilbuf *bytes.Buffer
	fmt.Println(nilbuf.String())
	all, _ := io.ReadAll(strings.NewReader("read all of it"))
	fmt.Println(string(all), len(all))

	// utf8 on bytes
	buf := make([]byte, 4)
	k := utf8.EncodeRune(buf, '世')
	rr, kk := utf8.DecodeRune(buf[:k])
	fmt.Println(k, string(rr), kk, utf8.FullRune(buf[:2]), utf8.RuneCount([]byte("héllo")), utf8.Valid([]byte{0xff}))
}
