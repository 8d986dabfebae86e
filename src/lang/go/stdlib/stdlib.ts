// The standard library's declarations, as Go: each package's exported types,
// constants, functions and methods, checked by the same checker as the user's
// program. Functions and methods without bodies are native: their
// implementations are in src/runtime/golib/natives.ts under "path.Name" or
// "path.Type.Method". A struct with an `impl any` field is a native object whose
// zero value works (the native creates its state on first use, as sync's types do).
// A package or member not here is a compile error, never a run-time surprise.

import { NET_URL } from './url.ts';
import { NET_HTTP } from './http.ts';

export const STDLIB: Record<string, string> = {
  'net/url': NET_URL,
  'net/http': NET_HTTP,
  fmt: `package fmt
import "io"
type Stringer interface { String() string }
type State interface { Write(b []byte) (n int, err error) }
func Println(a ...any) (n int, err error)
func Printf(format string, a ...any) (n int, err error)
func Print(a ...any) (n int, err error)
func Sprintf(format string, a ...any) string
func Sprint(a ...any) string
func Sprintln(a ...any) string
func Errorf(format string, a ...any) error
func Fprintln(w io.Writer, a ...any) (n int, err error)
func Fprintf(w io.Writer, format string, a ...any) (n int, err error)
func Fprint(w io.Writer, a ...any) (n int, err error)
`,
  io: `package io
import "errors"
type Writer interface { Write(p []byte) (n int, err error) }
type Reader interface { Read(p []byte) (n int, err error) }
type Closer interface { Close() error }
type ReadWriter interface { Reader; Writer }
type ReadCloser interface { Reader; Closer }
type WriteCloser interface { Writer; Closer }
type ReadWriteCloser interface { Reader; Writer; Closer }
type ByteReader interface { ReadByte() (byte, error) }
type ByteWriter interface { WriteByte(c byte) error }
type RuneReader interface { ReadRune() (r rune, size int, err error) }
type StringWriter interface { WriteString(s string) (n int, err error) }
var EOF error
var ErrUnexpectedEOF = errors.New("unexpected EOF")
var ErrShortWrite = errors.New("short write")
var ErrNoProgress = errors.New("multiple Read calls return no data or error")
var ErrShortBuffer = errors.New("short buffer")
var ErrClosedPipe = errors.New("io: read/write on closed pipe")
type WriterTo interface { WriteTo(w Writer) (n int64, err error) }
type ReaderFrom interface { ReadFrom(r Reader) (n int64, err error) }
func ReadAtLeast(r Reader, buf []byte, min int) (n int, err error) {
	if len(buf) < min {
		return 0, ErrShortBuffer
	}
	for n < min && err == nil {
		var nn int
		nn, err = r.Read(buf[n:])
		n += nn
	}
	if n >= min {
		err = nil
	} else if n > 0 && err == EOF {
		err = ErrUnexpectedEOF
	}
	return
}
func ReadFull(r Reader, buf []byte) (n int, err error) { return ReadAtLeast(r, buf, len(buf)) }
// Copy copies from src to dst until EOF or an error, through src's WriteTo or dst's
// ReadFrom when they have one, else a 32 KiB buffer.
func Copy(dst Writer, src Reader) (written int64, err error) { return copyBuffer(dst, src, nil) }
func CopyBuffer(dst Writer, src Reader, buf []byte) (written int64, err error) {
	if buf != nil && len(buf) == 0 {
		panic("empty buffer in CopyBuffer")
	}
	return copyBuffer(dst, src, buf)
}
func CopyN(dst Writer, src Reader, n int64) (written int64, err error) {
	written, err = Copy(dst, LimitReader(src, n))
	if written == n {
		return n, nil
	}
	if written < n && err == nil {
		err = EOF
	}
	return
}
func copyBuffer(dst Writer, src Reader, buf []byte) (written int64, err error) {
	if wt, ok := src.(WriterTo); ok {
		return wt.WriteTo(dst)
	}
	if rf, ok := dst.(ReaderFrom); ok {
		return rf.ReadFrom(src)
	}
	if buf == nil {
		size := 32 * 1024
		if l, ok := src.(*LimitedReader); ok && int64(size) > l.N {
			if l.N < 1 {
				size = 1
			} else {
				size = int(l.N)
			}
		}
		buf = make([]byte, size)
	}
	for {
		nr, er := src.Read(buf)
		if nr > 0 {
			nw, ew := dst.Write(buf[0:nr])
			if nw < 0 || nr < nw {
				nw = 0
				if ew == nil {
					ew = errors.New("invalid write result")
				}
			}
			written += int64(nw)
			if ew != nil {
				err = ew
				break
			}
			if nr != nw {
				err = ErrShortWrite
				break
			}
		}
		if er != nil {
			if er != EOF {
				err = er
			}
			break
		}
	}
	return written, err
}
type LimitedReader struct {
	R Reader
	N int64
}
func LimitReader(r Reader, n int64) Reader { return &LimitedReader{r, n} }
func (l *LimitedReader) Read(p []byte) (n int, err error) {
	if l.N <= 0 {
		return 0, EOF
	}
	if int64(len(p)) > l.N {
		p = p[0:l.N]
	}
	n, err = l.R.Read(p)
	l.N -= int64(n)
	return
}
type discard struct{}
func (discard) Write(p []byte) (int, error) { return len(p), nil }
func (discard) WriteString(s string) (int, error) { return len(s), nil }
var Discard Writer = discard{}
type nopCloser struct{ Reader }
func (nopCloser) Close() error { return nil }
func NopCloser(r Reader) ReadCloser { return nopCloser{r} }
type teeReader struct {
	r Reader
	w Writer
}
func TeeReader(r Reader, w Writer) Reader { return &teeReader{r, w} }
func (t *teeReader) Read(p []byte) (n int, err error) {
	n, err = t.r.Read(p)
	if n > 0 {
		if n, err := t.w.Write(p[:n]); err != nil {
			return n, err
		}
	}
	return
}
type multiWriter struct{ writers []Writer }
func (t *multiWriter) Write(p []byte) (n int, err error) {
	for _, w := range t.writers {
		n, err = w.Write(p)
		if err != nil {
			return
		}
		if n != len(p) {
			err = ErrShortWrite
			return
		}
	}
	return len(p), nil
}
func MultiWriter(writers ...Writer) Writer {
	all := make([]Writer, 0, len(writers))
	all = append(all, writers...)
	return &multiWriter{all}
}
func WriteString(w Writer, s string) (n int, err error) {
	if sw, ok := w.(StringWriter); ok {
		return sw.WriteString(s)
	}
	return w.Write([]byte(s))
}
func ReadAll(r Reader) ([]byte, error) {
	b := make([]byte, 0, 512)
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == EOF {
				err = nil
			}
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}
`,
  errors: `package errors
func New(text string) error
func Is(err, target error) bool
func Unwrap(err error) error
func As(err error, target any) bool
func Join(errs ...error) error
`,
  os: `package os
type File struct { impl any }
func (f *File) Write(b []byte) (n int, err error)
func (f *File) WriteString(s string) (n int, err error)
func (f *File) Read(b []byte) (n int, err error)
func (f *File) Close() error
var Args []string
var Stdout *File
var Stderr *File
var Stdin *File
func Exit(code int)
func Getenv(key string) string
func LookupEnv(key string) (string, bool)
func Getpid() int
`,
  time: `package time
type Duration int64
const (
  Nanosecond Duration = 1
  Microsecond = 1000 * Nanosecond
  Millisecond = 1000 * Microsecond
  Second = 1000 * Millisecond
  Minute = 60 * Second
  Hour = 60 * Minute
)
func (d Duration) String() string
func (d Duration) Seconds() float64
func (d Duration) Milliseconds() int64
func (d Duration) Microseconds() int64
func (d Duration) Nanoseconds() int64
func (d Duration) Minutes() float64
func (d Duration) Hours() float64 {
	hour := d / Hour
	nsec := d % Hour
	return float64(hour) + float64(nsec)/(60*60*1e9)
}
func (d Duration) Truncate(m Duration) Duration {
	if m <= 0 {
		return d
	}
	return d - d%m
}
func (d Duration) Round(m Duration) Duration {
	if m <= 0 {
		return d
	}
	r := d % m
	if d < 0 {
		r = -r
		if uint64(r)+uint64(r) < uint64(m) {
			return d + r
		}
		if d1 := d - m + r; d1 < d {
			return d1
		}
		return -1 << 63
	}
	if uint64(r)+uint64(r) < uint64(m) {
		return d - r
	}
	if d1 := d + m - r; d1 > d {
		return d1
	}
	return 1<<63 - 1
}
func (d Duration) Abs() Duration {
	switch {
	case d >= 0:
		return d
	case d == -1<<63:
		return 1<<63 - 1
	default:
		return -d
	}
}
type Month int
const (
  January Month = 1 + iota
  February
  March
  April
  May
  June
  July
  August
  September
  October
  November
  December
)
func (m Month) String() string
type Weekday int
const (
  Sunday Weekday = iota
  Monday
  Tuesday
  Wednesday
  Thursday
  Friday
  Saturday
)
func (d Weekday) String() string
const (
  Layout      = "01/02 03:04:05PM '06 -0700"
  ANSIC       = "Mon Jan _2 15:04:05 2006"
  UnixDate    = "Mon Jan _2 15:04:05 MST 2006"
  RubyDate    = "Mon Jan 02 15:04:05 -0700 2006"
  RFC822      = "02 Jan 06 15:04 MST"
  RFC822Z     = "02 Jan 06 15:04 -0700"
  RFC850      = "Monday, 02-Jan-06 15:04:05 MST"
  RFC1123     = "Mon, 02 Jan 2006 15:04:05 MST"
  RFC1123Z    = "Mon, 02 Jan 2006 15:04:05 -0700"
  RFC3339     = "2006-01-02T15:04:05Z07:00"
  RFC3339Nano = "2006-01-02T15:04:05.999999999Z07:00"
  Kitchen     = "3:04PM"
  Stamp      = "Jan _2 15:04:05"
  StampMilli = "Jan _2 15:04:05.000"
  StampMicro = "Jan _2 15:04:05.000000"
  StampNano  = "Jan _2 15:04:05.000000000"
)
// Time is an instant on the machine's clock: ns since boot (0: the zero Time), and
// whether it lacks a monotonic reading. The machine's zone is UTC.
type Time struct { ns int64; nomono bool }
func (t Time) Sub(u Time) Duration
func (t Time) Add(d Duration) Time
func (t Time) UnixNano() int64
func (t Time) UnixMilli() int64
func (t Time) Unix() int64
func (t Time) Before(u Time) bool
func (t Time) After(u Time) bool
func (t Time) Equal(u Time) bool
func (t Time) IsZero() bool
func (t Time) String() string
func (t Time) Format(layout string) string
func (t Time) UTC() Time
func (t Time) Local() Time
func (t Time) Year() int
func (t Time) Month() Month
func (t Time) Day() int
func (t Time) Hour() int
func (t Time) Minute() int
func (t Time) Second() int
func (t Time) Nanosecond() int
func (t Time) YearDay() int
func (t Time) Weekday() Weekday
func Unix(sec int64, nsec int64) Time
func UnixMilli(msec int64) Time
func Now() Time
func Since(t Time) Duration
func Until(t Time) Duration
func Sleep(d Duration)
type Timer struct { C <-chan Time; impl any }
func (t *Timer) Stop() bool
func (t *Timer) Reset(d Duration) bool
type Ticker struct { C <-chan Time; impl any }
func (t *Ticker) Stop()
func (t *Ticker) Reset(d Duration)
func NewTimer(d Duration) *Timer
func NewTicker(d Duration) *Ticker
func After(d Duration) <-chan Time
func Tick(d Duration) <-chan Time
func AfterFunc(d Duration, f func()) *Timer
`,
  sync: `package sync
type Mutex struct { impl any }
func (m *Mutex) Lock()
func (m *Mutex) Unlock()
func (m *Mutex) TryLock() bool
type RWMutex struct { impl any }
func (m *RWMutex) Lock()
func (m *RWMutex) Unlock()
func (m *RWMutex) RLock()
func (m *RWMutex) RUnlock()
func (m *RWMutex) TryLock() bool
func (m *RWMutex) TryRLock() bool
type Locker interface { Lock(); Unlock() }
type WaitGroup struct { impl any }
func (wg *WaitGroup) Add(delta int)
func (wg *WaitGroup) Done()
func (wg *WaitGroup) Wait()
func (wg *WaitGroup) Go(f func())
type Once struct { impl any }
func (o *Once) Do(f func())

// Cond as Go's: a ticket from the runtime's notifyList before the Locker is
// unlocked, so a Signal between Unlock and the wait is not lost.
type Cond struct {
	L      Locker
	notify notifyList
}
type notifyList struct { impl any }
func (l *notifyList) add() uint32
func (l *notifyList) wait(t uint32)
func (l *notifyList) notifyOne()
func (l *notifyList) notifyAll()
func NewCond(l Locker) *Cond { return &Cond{L: l} }
func (c *Cond) Wait() {
	t := c.notify.add()
	c.L.Unlock()
	c.notify.wait(t)
	c.L.Lock()
}
func (c *Cond) Signal()    { c.notify.notifyOne() }
func (c *Cond) Broadcast() { c.notify.notifyAll() }

// Map: Go's API and behaviour (Range sees a snapshot and may call Store), built on
// an RWMutex and a map. Go's own Map answers most Loads without any lock through an
// atomically published read-only map; here a Load can wait behind a Store.
type Map struct {
	mu RWMutex
	m  map[any]any
}
func (m *Map) Load(key any) (value any, ok bool) {
	m.mu.RLock()
	value, ok = m.m[key]
	m.mu.RUnlock()
	return
}
func (m *Map) Store(key, value any) {
	m.mu.Lock()
	if m.m == nil {
		m.m = make(map[any]any)
	}
	m.m[key] = value
	m.mu.Unlock()
}
func (m *Map) LoadOrStore(key, value any) (actual any, loaded bool) {
	m.mu.Lock()
	if v, ok := m.m[key]; ok {
		m.mu.Unlock()
		return v, true
	}
	if m.m == nil {
		m.m = make(map[any]any)
	}
	m.m[key] = value
	m.mu.Unlock()
	return value, false
}
func (m *Map) LoadAndDelete(key any) (value any, loaded bool) {
	m.mu.Lock()
	value, loaded = m.m[key]
	delete(m.m, key)
	m.mu.Unlock()
	return
}
func (m *Map) Delete(key any) { m.LoadAndDelete(key) }
func (m *Map) Swap(key, value any) (previous any, loaded bool) {
	m.mu.Lock()
	previous, loaded = m.m[key]
	if m.m == nil {
		m.m = make(map[any]any)
	}
	m.m[key] = value
	m.mu.Unlock()
	return
}
func (m *Map) CompareAndSwap(key, old, new any) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.m[key]; ok && v == old {
		m.m[key] = new
		return true
	}
	return false
}
func (m *Map) CompareAndDelete(key, old any) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if v, ok := m.m[key]; ok && v == old {
		delete(m.m, key)
		return true
	}
	return false
}
func (m *Map) Range(f func(key, value any) bool) {
	m.mu.RLock()
	keys := make([]any, 0, len(m.m))
	values := make([]any, 0, len(m.m))
	for k, v := range m.m {
		keys = append(keys, k)
		values = append(values, v)
	}
	m.mu.RUnlock()
	for i := range keys {
		if !f(keys[i], values[i]) {
			break
		}
	}
}

// Pool as Go's as far as a program can tell: Get returns what was Put last, or
// New's value; what is pooled survives one garbage collection in the victim cache
// and is dropped at the second (poolCleanup). Go keeps a lock-free list per P; here
// one mutex guards the pool.
type Pool struct {
	New    func() any
	mu     Mutex
	items  []any
	victim []any
	gen    uint32
}
func gcCycles() uint32
func (p *Pool) cleanup() {
	n := gcCycles()
	if n == p.gen {
		return
	}
	if n-p.gen == 1 {
		p.victim = p.items
	} else {
		p.victim = nil
	}
	p.items = nil
	p.gen = n
}
func (p *Pool) Put(x any) {
	if x == nil {
		return
	}
	p.mu.Lock()
	p.cleanup()
	p.items = append(p.items, x)
	p.mu.Unlock()
}
func (p *Pool) Get() any {
	p.mu.Lock()
	p.cleanup()
	var x any
	if n := len(p.items); n > 0 {
		x = p.items[n-1]
		p.items[n-1] = nil
		p.items = p.items[:n-1]
	} else if n := len(p.victim); n > 0 {
		x = p.victim[n-1]
		p.victim[n-1] = nil
		p.victim = p.victim[:n-1]
	}
	p.mu.Unlock()
	if x == nil && p.New != nil {
		x = p.New()
	}
	return x
}
`,
  runtime: `package runtime
func Gosched()
func GOMAXPROCS(n int) int
func NumGoroutine() int
func NumCPU() int
func GC()
func Goexit()
// MemStats: the fields gomachine's heap keeps (PauseNs, PauseEnd, BySize and the off-heap
// span/mcache figures are not kept).
type MemStats struct {
  Alloc uint64; TotalAlloc uint64; Sys uint64; Lookups uint64; Mallocs uint64; Frees uint64
  HeapAlloc uint64; HeapSys uint64; HeapIdle uint64; HeapInuse uint64; HeapReleased uint64; HeapObjects uint64
  StackInuse uint64; StackSys uint64
  NextGC uint64; LastGC uint64; PauseTotalNs uint64; NumGC uint32; NumForcedGC uint32; GCCPUFraction float64
}
func ReadMemStats(m *MemStats)
`,
  net: `package net
import "time"
type Addr interface { Network() string; String() string }
type Conn interface {
  Read(b []byte) (n int, err error)
  Write(b []byte) (n int, err error)
  Close() error
  LocalAddr() Addr
  RemoteAddr() Addr
  SetDeadline(t time.Time) error
  SetReadDeadline(t time.Time) error
  SetWriteDeadline(t time.Time) error
}
type Listener interface { Accept() (Conn, error); Close() error; Addr() Addr }
// Error is what the network's errors are: *net.OpError, whose Temporary says whether
// retrying may succeed (out of descriptors, a connection aborted before accept).
type Error interface {
  error
  Timeout() bool
  Temporary() bool
}
func Listen(network, address string) (Listener, error)
func Dial(network, address string) (Conn, error)
`,
  strings: `package strings
import (
	"io"
	"unicode/utf8"
)
// Cut slices s around the first sep: before, after, and whether sep was there.
func Cut(s, sep string) (before, after string, found bool) {
	if i := Index(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return s, "", false
}
// Replacer replaces old/new pairs: at each position of the input the first pair, in
// argument order, whose old string is there; matches do not overlap. (An empty old
// string matches nowhere here.)
type Replacer struct {
	oldnew []string
}
func NewReplacer(oldnew ...string) *Replacer {
	if len(oldnew)%2 == 1 {
		panic("strings.NewReplacer: odd argument count")
	}
	return &Replacer{append([]string(nil), oldnew...)}
}
func (r *Replacer) Replace(s string) string {
	var b Builder
	for i := 0; i < len(s); {
		matched := false
		for j := 0; j < len(r.oldnew); j += 2 {
			if old := r.oldnew[j]; old != "" && HasPrefix(s[i:], old) {
				b.WriteString(r.oldnew[j+1])
				i += len(old)
				matched = true
				break
			}
		}
		if !matched {
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String()
}
func Contains(s, substr string) bool
func ContainsRune(s string, r rune) bool
func HasPrefix(s, prefix string) bool
func HasSuffix(s, suffix string) bool
func Index(s, substr string) int
func IndexByte(s string, c byte) int
func LastIndex(s, substr string) int
func Split(s, sep string) []string
func Fields(s string) []string
func Join(elems []string, sep string) string
func Repeat(s string, count int) string
func Replace(s, old, new string, n int) string
func ReplaceAll(s, old, new string) string
func ToUpper(s string) string
func ToLower(s string) string
func TrimSpace(s string) string
func Trim(s, cutset string) string
func TrimPrefix(s, prefix string) string
func TrimSuffix(s, suffix string) string
func Count(s, substr string) int
func EqualFold(s, t string) bool
// Reader reads a string as an io.Reader.
type Reader struct {
	s string
	i int
}
func NewReader(s string) *Reader { return &Reader{s: s} }
func (r *Reader) Len() int      { return len(r.s) - r.i }
func (r *Reader) Size() int64   { return int64(len(r.s)) }
func (r *Reader) Read(b []byte) (n int, err error) {
	if r.i >= len(r.s) {
		return 0, io.EOF
	}
	n = copy(b, r.s[r.i:])
	r.i += n
	return n, nil
}
func (r *Reader) ReadByte() (byte, error) {
	if r.i >= len(r.s) {
		return 0, io.EOF
	}
	c := r.s[r.i]
	r.i++
	return c, nil
}
func (r *Reader) ReadRune() (ch rune, size int, err error) {
	if r.i >= len(r.s) {
		return 0, 0, io.EOF
	}
	ch, size = utf8.DecodeRuneInString(r.s[r.i:])
	r.i += size
	return ch, size, nil
}
type Builder struct { impl any }
func (b *Builder) WriteString(s string) (int, error)
func (b *Builder) WriteByte(c byte) error
func (b *Builder) WriteRune(r rune) (int, error)
func (b *Builder) String() string
func (b *Builder) Len() int
func (b *Builder) Reset()
`,
  strconv: `package strconv
func Itoa(i int) string
func Atoi(s string) (int, error)
func FormatInt(i int64, base int) string
func FormatUint(i uint64, base int) string
func ParseInt(s string, base int, bitSize int) (int64, error)
func ParseUint(s string, base int, bitSize int) (uint64, error)
func ParseFloat(s string, bitSize int) (float64, error)
func FormatFloat(f float64, fmt byte, prec, bitSize int) string
func Quote(s string) string
func ParseBool(str string) (bool, error)
func FormatBool(b bool) string
`,
  'unicode/utf8': `package utf8
const RuneError = '\\uFFFD'
const UTFMax = 4
func RuneCountInString(s string) int
func RuneLen(r rune) int
func DecodeRuneInString(s string) (rune, int)
func ValidString(s string) bool
const RuneSelf = 0x80
const MaxRune = '\\U0010FFFF'
func DecodeRune(p []byte) (rune, int) {
	n := len(p)
	if n > UTFMax {
		n = UTFMax
	}
	return DecodeRuneInString(string(p[:n]))
}
func RuneCount(p []byte) int { return RuneCountInString(string(p)) }
func Valid(p []byte) bool    { return ValidString(string(p)) }
func ValidRune(r rune) bool  { return r >= 0 && r < 0xD800 || r > 0xDFFF && r <= MaxRune }
// FullRune: whether p begins with a whole encoding (or with bytes that can only decode as RuneError).
func FullRune(p []byte) bool {
	if len(p) == 0 {
		return false
	}
	need := 1
	switch b := p[0]; {
	case b >= 0xC2 && b <= 0xDF:
		need = 2
	case b >= 0xE0 && b <= 0xEF:
		need = 3
	case b >= 0xF0 && b <= 0xF4:
		need = 4
	}
	for i := 1; i < need && i < len(p); i++ {
		if p[i] < 0x80 || p[i] > 0xBF {
			return true
		}
	}
	return len(p) >= need
}
func EncodeRune(p []byte, r rune) int {
	if !ValidRune(r) {
		r = RuneError
	}
	switch {
	case r < 0x80:
		p[0] = byte(r)
		return 1
	case r < 0x800:
		p[0] = byte(0xC0 | r>>6)
		p[1] = byte(0x80 | r&0x3F)
		return 2
	case r < 0x10000:
		p[0] = byte(0xE0 | r>>12)
		p[1] = byte(0x80 | r>>6&0x3F)
		p[2] = byte(0x80 | r&0x3F)
		return 3
	}
	p[0] = byte(0xF0 | r>>18)
	p[1] = byte(0x80 | r>>12&0x3F)
	p[2] = byte(0x80 | r>>6&0x3F)
	p[3] = byte(0x80 | r&0x3F)
	return 4
}
func AppendRune(p []byte, r rune) []byte {
	var b [UTFMax]byte
	n := EncodeRune(b[:], r)
	return append(p, b[:n]...)
}
`,
  math: `package math
const Pi = 3.14159265358979323846264338327950288419716939937510582097494459
const E = 2.71828182845904523536028747135266249775724709369995957496696763
const MaxInt = 1<<63 - 1
const MinInt = -1 << 63
const MaxInt64 = 1<<63 - 1
const MinInt64 = -1 << 63
const MaxInt32 = 1<<31 - 1
const MinInt32 = -1 << 31
const MaxInt8 = 1<<7 - 1
const MinInt8 = -1 << 7
const MaxInt16 = 1<<15 - 1
const MinInt16 = -1 << 15
const MaxUint = 1<<64 - 1
const MaxUint8 = 1<<8 - 1
const MaxUint16 = 1<<16 - 1
const MaxUint32 = 1<<32 - 1
const MaxUint64 = 1<<64 - 1
func Sqrt(x float64) float64
func Pow(x, y float64) float64
func Abs(x float64) float64
func Floor(x float64) float64
func Ceil(x float64) float64
func Max(x, y float64) float64
func Min(x, y float64) float64
func Inf(sign int) float64
func NaN() float64
func IsNaN(f float64) bool
func IsInf(f float64, sign int) bool
func Mod(x, y float64) float64
func Log(x float64) float64
func Exp(x float64) float64
func Sin(x float64) float64
func Cos(x float64) float64
func Round(x float64) float64
func Trunc(x float64) float64
`,
  // context is written in Go and compiled with the program (cancellation trees over
  // channels, sync.Mutex and time.AfterFunc, as Go's own context.go does it).
  context: `package context

import (
	"errors"
	"sync"
	"time"
)

type Context interface {
	Deadline() (deadline time.Time, ok bool)
	Done() <-chan struct{}
	Err() error
	Value(key any) any
}

type CancelFunc func()

var Canceled = errors.New("context canceled")

var DeadlineExceeded error = deadlineExceededError{}

type deadlineExceededError struct{}

func (deadlineExceededError) Error() string { return "context deadline exceeded" }

type emptyCtx struct{ name string }

func (emptyCtx) Deadline() (deadline time.Time, ok bool) { return }
func (emptyCtx) Done() <-chan struct{}                   { return nil }
func (emptyCtx) Err() error                              { return nil }
func (emptyCtx) Value(key any) any                       { return nil }
func (e emptyCtx) String() string                        { return e.name }

func Background() Context { return emptyCtx{"context.Background"} }
func TODO() Context       { return emptyCtx{"context.TODO"} }

type cancelCtx struct {
	parent   Context
	mu       sync.Mutex
	done     chan struct{}
	err      error
	children map[*cancelCtx]bool
	deadline time.Time
	hasDl    bool
	timer    *time.Timer
}

func (c *cancelCtx) Deadline() (time.Time, bool) {
	if c.hasDl {
		return c.deadline, true
	}
	return c.parent.Deadline()
}
func (c *cancelCtx) Done() <-chan struct{} { return c.done }
func (c *cancelCtx) Err() error {
	c.mu.Lock()
	err := c.err
	c.mu.Unlock()
	return err
}
func (c *cancelCtx) Value(key any) any { return c.parent.Value(key) }

func (c *cancelCtx) cancel(err error) {
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return
	}
	c.err = err
	close(c.done)
	children := c.children
	c.children = nil
	if c.timer != nil {
		c.timer.Stop()
	}
	c.mu.Unlock()
	for child := range children {
		child.cancel(err)
	}
}

func parentCancelCtx(parent Context) *cancelCtx {
	for {
		switch p := parent.(type) {
		case *cancelCtx:
			return p
		case *valueCtx:
			parent = p.parent
		default:
			return nil
		}
	}
}

func newCancelCtx(parent Context) *cancelCtx {
	c := &cancelCtx{parent: parent, done: make(chan struct{})}
	if p := parentCancelCtx(parent); p != nil {
		p.mu.Lock()
		if p.err != nil {
			p.mu.Unlock()
			c.cancel(p.err)
		} else {
			if p.children == nil {
				p.children = make(map[*cancelCtx]bool)
			}
			p.children[c] = true
			p.mu.Unlock()
		}
	} else if d := parent.Done(); d != nil {
		go func() {
			select {
			case <-d:
				c.cancel(parent.Err())
			case <-c.done:
			}
		}()
	}
	return c
}

func WithCancel(parent Context) (Context, CancelFunc) {
	c := newCancelCtx(parent)
	return c, func() { c.cancel(Canceled) }
}

func WithDeadline(parent Context, d time.Time) (Context, CancelFunc) {
	if cur, ok := parent.Deadline(); ok && cur.Before(d) {
		return WithCancel(parent)
	}
	c := newCancelCtx(parent)
	c.deadline = d
	c.hasDl = true
	dur := time.Until(d)
	if dur <= 0 {
		c.cancel(DeadlineExceeded)
		return c, func() { c.cancel(Canceled) }
	}
	c.mu.Lock()
	if c.err == nil {
		c.timer = time.AfterFunc(dur, func() { c.cancel(DeadlineExceeded) })
	}
	c.mu.Unlock()
	return c, func() { c.cancel(Canceled) }
}

func WithTimeout(parent Context, timeout time.Duration) (Context, CancelFunc) {
	return WithDeadline(parent, time.Now().Add(timeout))
}

type valueCtx struct {
	parent   Context
	key, val any
}

func (c *valueCtx) Deadline() (time.Time, bool) { return c.parent.Deadline() }
func (c *valueCtx) Done() <-chan struct{}       { return c.parent.Done() }
func (c *valueCtx) Err() error                  { return c.parent.Err() }
func (c *valueCtx) Value(key any) any {
	if c.key == key {
		return c.val
	}
	return c.parent.Value(key)
}

func WithValue(parent Context, key, val any) Context {
	if key == nil {
		panic("nil key")
	}
	return &valueCtx{parent, key, val}
}
`,
  bufio: `package bufio

import (
	"errors"
	"io"
	"unicode/utf8"
)

const defaultBufSize = 4096

const MaxScanTokenSize = 64 * 1024

var (
	ErrBufferFull        = errors.New("bufio: buffer full")
	ErrNegativeCount     = errors.New("bufio: negative count")
	ErrInvalidUnreadByte = errors.New("bufio: invalid use of UnreadByte")
	ErrTooLong           = errors.New("bufio.Scanner: token too long")
	ErrNegativeAdvance   = errors.New("bufio.Scanner: SplitFunc returns negative advance count")
	ErrAdvanceTooFar     = errors.New("bufio.Scanner: SplitFunc returns advance count beyond input")
	ErrFinalToken        = errors.New("final token")
)

// Reader buffers an io.Reader: one Read of the underlying reader fills up to len(buf) bytes.
type Reader struct {
	buf      []byte
	rd       io.Reader
	r, w     int
	err      error
	lastByte int
}

func NewReaderSize(rd io.Reader, size int) *Reader {
	if size < 16 {
		size = 16
	}
	return &Reader{buf: make([]byte, size), rd: rd, lastByte: -1}
}

func NewReader(rd io.Reader) *Reader { return NewReaderSize(rd, defaultBufSize) }

func (b *Reader) Size() int     { return len(b.buf) }
func (b *Reader) Buffered() int { return b.w - b.r }

func (b *Reader) readErr() error {
	err := b.err
	b.err = nil
	return err
}

// fill reads one more chunk after sliding what is unread to the front.
func (b *Reader) fill() {
	if b.r > 0 {
		copy(b.buf, b.buf[b.r:b.w])
		b.w -= b.r
		b.r = 0
	}
	for i := 100; i > 0; i-- {
		n, err := b.rd.Read(b.buf[b.w:])
		if n < 0 {
			panic("bufio: reader returned negative count from Read")
		}
		b.w += n
		if err != nil {
			b.err = err
			return
		}
		if n > 0 {
			return
		}
	}
	b.err = io.ErrNoProgress
}

func (b *Reader) Read(p []byte) (n int, err error) {
	if len(p) == 0 {
		if b.Buffered() > 0 {
			return 0, nil
		}
		return 0, b.readErr()
	}
	if b.r == b.w {
		if b.err != nil {
			return 0, b.readErr()
		}
		if len(p) >= len(b.buf) {
			// a large read goes straight to the reader, as Go's does
			n, b.err = b.rd.Read(p)
			if n > 0 {
				b.lastByte = int(p[n-1])
			}
			return n, b.readErr()
		}
		b.r, b.w = 0, 0
		n, b.err = b.rd.Read(b.buf)
		if n == 0 {
			return 0, b.readErr()
		}
		b.w += n
	}
	n = copy(p, b.buf[b.r:b.w])
	b.r += n
	b.lastByte = int(b.buf[b.r-1])
	return n, nil
}

func (b *Reader) ReadByte() (byte, error) {
	for b.r == b.w {
		if b.err != nil {
			return 0, b.readErr()
		}
		b.fill()
	}
	c := b.buf[b.r]
	b.r++
	b.lastByte = int(c)
	return c, nil
}

func (b *Reader) UnreadByte() error {
	if b.lastByte < 0 || b.r == 0 && b.w > 0 {
		return ErrInvalidUnreadByte
	}
	if b.r > 0 {
		b.r--
	} else {
		b.w = 1
	}
	b.buf[b.r] = byte(b.lastByte)
	b.lastByte = -1
	return nil
}

func (b *Reader) ReadRune() (r rune, size int, err error) {
	for b.r+utf8.UTFMax > b.w && !utf8.FullRune(b.buf[b.r:b.w]) && b.err == nil && b.w-b.r < len(b.buf) {
		b.fill()
	}
	if b.r == b.w {
		return 0, 0, b.readErr()
	}
	r, size = rune(b.buf[b.r]), 1
	if r >= utf8.RuneSelf {
		r, size = utf8.DecodeRune(b.buf[b.r:b.w])
	}
	b.r += size
	b.lastByte = int(b.buf[b.r-1])
	return r, size, nil
}

func (b *Reader) Peek(n int) ([]byte, error) {
	if n < 0 {
		return nil, ErrNegativeCount
	}
	for b.w-b.r < n && b.w-b.r < len(b.buf) && b.err == nil {
		b.fill()
	}
	if n > len(b.buf) {
		return b.buf[b.r:b.w], ErrBufferFull
	}
	var err error
	if avail := b.w - b.r; avail < n {
		n = avail
		err = b.readErr()
		if err == nil {
			err = ErrBufferFull
		}
	}
	return b.buf[b.r : b.r+n], err
}

// ReadSlice returns the buffered bytes up to and including delim; the slice is the buffer's own.
func (b *Reader) ReadSlice(delim byte) (line []byte, err error) {
	s := 0
	for {
		for i := b.r + s; i < b.w; i++ {
			if b.buf[i] == delim {
				line = b.buf[b.r : i+1]
				b.r = i + 1
				break
			}
		}
		if line != nil {
			break
		}
		if b.err != nil {
			line = b.buf[b.r:b.w]
			b.r = b.w
			err = b.readErr()
			break
		}
		if b.Buffered() >= len(b.buf) {
			b.r = b.w
			line = b.buf
			err = ErrBufferFull
			break
		}
		s = b.w - b.r
		b.fill()
	}
	if i := len(line) - 1; i >= 0 {
		b.lastByte = int(line[i])
	}
	return
}

func (b *Reader) ReadLine() (line []byte, isPrefix bool, err error) {
	line, err = b.ReadSlice('\\n')
	if err == ErrBufferFull {
		if len(line) > 0 && line[len(line)-1] == '\\r' {
			b.r--
			line = line[:len(line)-1]
		}
		return line, true, nil
	}
	if len(line) == 0 {
		if err != nil {
			line = nil
		}
		return
	}
	err = nil
	if line[len(line)-1] == '\\n' {
		drop := 1
		if len(line) > 1 && line[len(line)-2] == '\\r' {
			drop = 2
		}
		line = line[:len(line)-drop]
	}
	return
}

func (b *Reader) ReadBytes(delim byte) ([]byte, error) {
	var full []byte
	for {
		frag, err := b.ReadSlice(delim)
		full = append(full, frag...)
		if err != ErrBufferFull {
			return full, err
		}
	}
}

func (b *Reader) ReadString(delim byte) (string, error) {
	full, err := b.ReadBytes(delim)
	return string(full), err
}

// Writer buffers an io.Writer: what is written reaches it when the buffer fills or at Flush.
type Writer struct {
	err error
	buf []byte
	n   int
	wr  io.Writer
}

func NewWriterSize(w io.Writer, size int) *Writer {
	if size <= 0 {
		size = defaultBufSize
	}
	return &Writer{buf: make([]byte, size), wr: w}
}

func NewWriter(w io.Writer) *Writer { return NewWriterSize(w, defaultBufSize) }

func (b *Writer) Size() int      { return len(b.buf) }
func (b *Writer) Buffered() int  { return b.n }
func (b *Writer) Available() int { return len(b.buf) - b.n }

func (b *Writer) Reset(w io.Writer) {
	b.err = nil
	b.n = 0
	b.wr = w
}

func (b *Writer) Flush() error {
	if b.err != nil {
		return b.err
	}
	if b.n == 0 {
		return nil
	}
	n, err := b.wr.Write(b.buf[0:b.n])
	if n < b.n && err == nil {
		err = io.ErrShortWrite
	}
	if err != nil {
		if n > 0 && n < b.n {
			copy(b.buf[0:b.n-n], b.buf[n:b.n])
		}
		b.n -= n
		b.err = err
		return err
	}
	b.n = 0
	return nil
}

func (b *Writer) Write(p []byte) (nn int, err error) {
	for len(p) > b.Available() && b.err == nil {
		var n int
		if b.Buffered() == 0 {
			// nothing buffered: a large write goes straight through
			n, b.err = b.wr.Write(p)
		} else {
			n = copy(b.buf[b.n:], p)
			b.n += n
			b.Flush()
		}
		nn += n
		p = p[n:]
	}
	if b.err != nil {
		return nn, b.err
	}
	n := copy(b.buf[b.n:], p)
	b.n += n
	nn += n
	return nn, nil
}

// WriteString fills the buffer and flushes it as often as needed: unlike Write, a long
// string never goes to the underlying writer in one piece.
func (b *Writer) WriteString(s string) (int, error) {
	nn := 0
	for len(s) > b.Available() && b.err == nil {
		n := copy(b.buf[b.n:], s)
		b.n += n
		nn += n
		s = s[n:]
		b.Flush()
	}
	if b.err != nil {
		return nn, b.err
	}
	n := copy(b.buf[b.n:], s)
	b.n += n
	return nn + n, nil
}

func (b *Writer) WriteByte(c byte) error {
	if b.err != nil {
		return b.err
	}
	if b.Available() <= 0 && b.Flush() != nil {
		return b.err
	}
	b.buf[b.n] = c
	b.n++
	return nil
}

func (b *Writer) WriteRune(r rune) (size int, err error) {
	var tmp [utf8.UTFMax]byte
	n := utf8.EncodeRune(tmp[:], r)
	return b.Write(tmp[:n])
}

// ReadWriter is a Reader and a Writer.
type ReadWriter struct {
	*Reader
	*Writer
}

func NewReadWriter(r *Reader, w *Writer) *ReadWriter { return &ReadWriter{r, w} }

// SplitFunc cuts the next token from data; atEOF says no more data will come.
type SplitFunc func(data []byte, atEOF bool) (advance int, token []byte, err error)

// Scanner reads tokens (lines by default) from an io.Reader.
type Scanner struct {
	r            io.Reader
	split        SplitFunc
	maxTokenSize int
	token        []byte
	buf          []byte
	start        int
	end          int
	err          error
	empties      int
	scanCalled   bool
	done         bool
}

func NewScanner(r io.Reader) *Scanner {
	return &Scanner{r: r, split: ScanLines, maxTokenSize: MaxScanTokenSize}
}

func (s *Scanner) Err() error {
	if s.err == io.EOF {
		return nil
	}
	return s.err
}

func (s *Scanner) Bytes() []byte { return s.token }
func (s *Scanner) Text() string  { return string(s.token) }

func (s *Scanner) Buffer(buf []byte, max int) {
	if s.scanCalled {
		panic("Buffer called after Scan")
	}
	s.buf = buf[0:cap(buf)]
	s.maxTokenSize = max
}

func (s *Scanner) Split(split SplitFunc) {
	if s.scanCalled {
		panic("Split called after Scan")
	}
	s.split = split
}

func (s *Scanner) setErr(err error) {
	if s.err == nil || s.err == io.EOF {
		s.err = err
	}
}

func (s *Scanner) Scan() bool {
	if s.done {
		return false
	}
	s.scanCalled = true
	for {
		// a token from what is buffered, if the split function finds one
		if s.end > s.start || s.err != nil {
			advance, token, err := s.split(s.buf[s.start:s.end], s.err != nil)
			if err != nil {
				if err == ErrFinalToken {
					s.token = token
					s.done = true
					return true
				}
				s.setErr(err)
				return false
			}
			if advance < 0 {
				s.setErr(ErrNegativeAdvance)
				return false
			}
			if advance > s.end-s.start {
				s.setErr(ErrAdvanceTooFar)
				return false
			}
			s.start += advance
			if token != nil {
				s.token = token
				if advance > 0 {
					s.empties = 0
				} else {
					s.empties++
					if s.empties > 100 {
						panic("bufio.Scan: too many empty tokens without progressing")
					}
				}
				return true
			}
		}
		if s.err != nil {
			s.start = 0
			s.end = 0
			return false
		}
		// more data: slide down, grow up to maxTokenSize, read
		if s.start > 0 && (s.end == len(s.buf) || s.start > len(s.buf)/2) {
			copy(s.buf, s.buf[s.start:s.end])
			s.end -= s.start
			s.start = 0
		}
		if s.end == len(s.buf) {
			if len(s.buf) >= s.maxTokenSize || len(s.buf) > (1<<62)/2 {
				s.setErr(ErrTooLong)
				return false
			}
			newSize := len(s.buf) * 2
			if newSize == 0 {
				newSize = 4096
			}
			if newSize > s.maxTokenSize {
				newSize = s.maxTokenSize
			}
			newBuf := make([]byte, newSize)
			copy(newBuf, s.buf[s.start:s.end])
			s.end -= s.start
			s.start = 0
			s.buf = newBuf
		}
		for loop := 0; ; {
			n, err := s.r.Read(s.buf[s.end:len(s.buf)])
			if n < 0 || len(s.buf)-s.end < n {
				s.setErr(errors.New("bufio.Scanner: Read returned impossible count"))
				break
			}
			s.end += n
			if err != nil {
				s.setErr(err)
				break
			}
			if n > 0 {
				s.empties = 0
				break
			}
			loop++
			if loop > 100 {
				s.setErr(io.ErrNoProgress)
				break
			}
		}
	}
}

func dropCR(data []byte) []byte {
	if len(data) > 0 && data[len(data)-1] == '\\r' {
		return data[0 : len(data)-1]
	}
	return data
}

func ScanLines(data []byte, atEOF bool) (advance int, token []byte, err error) {
	if atEOF && len(data) == 0 {
		return 0, nil, nil
	}
	for i := 0; i < len(data); i++ {
		if data[i] == '\\n' {
			return i + 1, dropCR(data[0:i]), nil
		}
	}
	if atEOF {
		return len(data), dropCR(data), nil
	}
	return 0, nil, nil
}

func ScanBytes(data []byte, atEOF bool) (advance int, token []byte, err error) {
	if atEOF && len(data) == 0 {
		return 0, nil, nil
	}
	return 1, data[0:1], nil
}

func ScanRunes(data []byte, atEOF bool) (advance int, token []byte, err error) {
	if atEOF && len(data) == 0 {
		return 0, nil, nil
	}
	if data[0] < utf8.RuneSelf {
		return 1, data[0:1], nil
	}
	_, width := utf8.DecodeRune(data)
	if width > 1 {
		return width, data[0:width], nil
	}
	if !atEOF && !utf8.FullRune(data) {
		return 0, nil, nil
	}
	return 1, []byte(string(utf8.RuneError)), nil
}

func isSpace(r rune) bool {
	switch r {
	case ' ', '\\t', '\\n', '\\v', '\\f', '\\r', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

func ScanWords(data []byte, atEOF bool) (advance int, token []byte, err error) {
	start := 0
	for width := 0; start < len(data); start += width {
		var r rune
		r, width = utf8.DecodeRune(data[start:])
		if !isSpace(r) {
			break
		}
	}
	for width, i := 0, start; i < len(data); i += width {
		var r rune
		r, width = utf8.DecodeRune(data[i:])
		if isSpace(r) {
			return i + width, data[start:i], nil
		}
	}
	if atEOF && len(data) > start {
		return len(data), data[start:], nil
	}
	return start, nil, nil
}
`,
  bytes: `package bytes

import (
	"errors"
	"io"
	"strings"
	"unicode/utf8"
)

const MinRead = 512

var ErrTooLarge = errors.New("bytes.Buffer: too large")
var errNegativeRead = errors.New("bytes.Buffer: reader returned negative count from Read")

// Buffer is a growable byte buffer read from the front: Write appends, Read consumes.
type Buffer struct {
	buf []byte
	off int
}

func NewBuffer(buf []byte) *Buffer       { return &Buffer{buf: buf} }
func NewBufferString(s string) *Buffer { return &Buffer{buf: []byte(s)} }

func (b *Buffer) Bytes() []byte { return b.buf[b.off:] }
func (b *Buffer) String() string {
	if b == nil {
		return "<nil>"
	}
	return string(b.buf[b.off:])
}
func (b *Buffer) Len() int { return len(b.buf) - b.off }
func (b *Buffer) Cap() int { return cap(b.buf) }
func (b *Buffer) Reset() {
	b.buf = b.buf[:0]
	b.off = 0
}
func (b *Buffer) Truncate(n int) {
	if n == 0 {
		b.Reset()
		return
	}
	if n < 0 || n > b.Len() {
		panic("bytes.Buffer: truncation out of range")
	}
	b.buf = b.buf[:b.off+n]
}
func (b *Buffer) Grow(n int) {
	if n < 0 {
		panic("bytes.Buffer.Grow: negative count")
	}
	if cap(b.buf)-len(b.buf) < n {
		nb := make([]byte, len(b.buf)-b.off, 2*cap(b.buf)+n)
		copy(nb, b.buf[b.off:])
		b.buf = nb
		b.off = 0
	}
}
func (b *Buffer) Write(p []byte) (n int, err error) {
	b.buf = append(b.buf, p...)
	return len(p), nil
}
func (b *Buffer) WriteString(s string) (n int, err error) {
	b.buf = append(b.buf, s...)
	return len(s), nil
}
func (b *Buffer) WriteByte(c byte) error {
	b.buf = append(b.buf, c)
	return nil
}
func (b *Buffer) WriteRune(r rune) (n int, err error) {
	before := len(b.buf)
	b.buf = utf8.AppendRune(b.buf, r)
	return len(b.buf) - before, nil
}
func (b *Buffer) Read(p []byte) (n int, err error) {
	if b.off >= len(b.buf) {
		b.Reset()
		if len(p) == 0 {
			return 0, nil
		}
		return 0, io.EOF
	}
	n = copy(p, b.buf[b.off:])
	b.off += n
	return n, nil
}
func (b *Buffer) Next(n int) []byte {
	m := b.Len()
	if n > m {
		n = m
	}
	data := b.buf[b.off : b.off+n]
	b.off += n
	return data
}
func (b *Buffer) ReadByte() (byte, error) {
	if b.off >= len(b.buf) {
		b.Reset()
		return 0, io.EOF
	}
	c := b.buf[b.off]
	b.off++
	return c, nil
}
func (b *Buffer) ReadRune() (r rune, size int, err error) {
	if b.off >= len(b.buf) {
		b.Reset()
		return 0, 0, io.EOF
	}
	r, size = utf8.DecodeRune(b.buf[b.off:])
	b.off += size
	return r, size, nil
}
func (b *Buffer) ReadBytes(delim byte) (line []byte, err error) {
	end := len(b.buf)
	for i := b.off; i < len(b.buf); i++ {
		if b.buf[i] == delim {
			end = i + 1
			break
		}
	}
	if end == len(b.buf) && (end == b.off || b.buf[end-1] != delim) {
		err = io.EOF
	}
	line = append([]byte(nil), b.buf[b.off:end]...)
	b.off = end
	return line, err
}
func (b *Buffer) ReadString(delim byte) (line string, err error) {
	bs, err := b.ReadBytes(delim)
	return string(bs), err
}
func (b *Buffer) ReadFrom(r io.Reader) (n int64, err error) {
	for {
		b.Grow(MinRead)
		m, e := r.Read(b.buf[len(b.buf):cap(b.buf)])
		if m < 0 {
			panic(errNegativeRead)
		}
		b.buf = b.buf[:len(b.buf)+m]
		n += int64(m)
		if e == io.EOF {
			return n, nil
		}
		if e != nil {
			return n, e
		}
	}
}
func (b *Buffer) WriteTo(w io.Writer) (n int64, err error) {
	if b.Len() == 0 {
		return 0, nil
	}
	m, e := w.Write(b.buf[b.off:])
	b.off += m
	n = int64(m)
	if e != nil {
		return n, e
	}
	if m != len(b.buf)-b.off+m {
		return n, io.ErrShortWrite
	}
	b.Reset()
	return n, nil
}

func Equal(a, b []byte) bool          { return string(a) == string(b) }
func Compare(a, b []byte) int {
	switch sa, sb := string(a), string(b); {
	case sa < sb:
		return -1
	case sa > sb:
		return 1
	}
	return 0
}
func Contains(b, subslice []byte) bool { return strings.Contains(string(b), string(subslice)) }
func Index(s, sep []byte) int          { return strings.Index(string(s), string(sep)) }
func IndexByte(b []byte, c byte) int   { return strings.IndexByte(string(b), c) }
func HasPrefix(s, prefix []byte) bool  { return strings.HasPrefix(string(s), string(prefix)) }
func HasSuffix(s, suffix []byte) bool  { return strings.HasSuffix(string(s), string(suffix)) }
func ToUpper(s []byte) []byte          { return []byte(strings.ToUpper(string(s))) }
func ToLower(s []byte) []byte          { return []byte(strings.ToLower(string(s))) }
func TrimSpace(s []byte) []byte {
	t := strings.TrimSpace(string(s))
	if len(t) == 0 {
		return nil
	}
	return []byte(t)
}
func Repeat(b []byte, count int) []byte { return []byte(strings.Repeat(string(b), count)) }
func Split(s, sep []byte) [][]byte {
	var out [][]byte
	for _, part := range strings.Split(string(s), string(sep)) {
		out = append(out, []byte(part))
	}
	return out
}
func Fields(s []byte) [][]byte {
	var out [][]byte
	for _, f := range strings.Fields(string(s)) {
		out = append(out, []byte(f))
	}
	return out
}
func Join(s [][]byte, sep []byte) []byte {
	parts := make([]string, len(s))
	for i, p := range s {
		parts[i] = string(p)
	}
	return []byte(strings.Join(parts, string(sep)))
}
`,
  'sync/atomic': `package atomic
func AddInt64(addr *int64, delta int64) (new int64)
func AddInt32(addr *int32, delta int32) (new int32)
func LoadInt64(addr *int64) (val int64)
func LoadInt32(addr *int32) (val int32)
func StoreInt64(addr *int64, val int64)
func StoreInt32(addr *int32, val int32)
func CompareAndSwapInt64(addr *int64, old, new int64) (swapped bool)
func CompareAndSwapInt32(addr *int32, old, new int32) (swapped bool)
func SwapInt64(addr *int64, new int64) (old int64)
func AddUint64(addr *uint64, delta uint64) (new uint64)
func LoadUint64(addr *uint64) (val uint64)
func StoreUint64(addr *uint64, val uint64)
func AddUint32(addr *uint32, delta uint32) (new uint32)
func LoadUint32(addr *uint32) (val uint32)
func StoreUint32(addr *uint32, val uint32)
func SwapUint64(addr *uint64, new uint64) (old uint64)
func CompareAndSwapUint64(addr *uint64, old, new uint64) (swapped bool)
func CompareAndSwapUint32(addr *uint32, old, new uint32) (swapped bool)
type Uint64 struct { v uint64 }
func (x *Uint64) Add(delta uint64) (new uint64)
func (x *Uint64) Load() uint64
func (x *Uint64) Store(val uint64)
func (x *Uint64) Swap(new uint64) (old uint64)
func (x *Uint64) CompareAndSwap(old, new uint64) (swapped bool)
type Uint32 struct { v uint32 }
func (x *Uint32) Add(delta uint32) (new uint32)
func (x *Uint32) Load() uint32
func (x *Uint32) Store(val uint32)
func (x *Uint32) CompareAndSwap(old, new uint32) (swapped bool)
type Int64 struct { v int64 }
func (x *Int64) Add(delta int64) (new int64)
func (x *Int64) Load() int64
func (x *Int64) Store(val int64)
func (x *Int64) Swap(new int64) (old int64)
func (x *Int64) CompareAndSwap(old, new int64) (swapped bool)
type Int32 struct { v int32 }
func (x *Int32) Add(delta int32) (new int32)
func (x *Int32) Load() int32
func (x *Int32) Store(val int32)
func (x *Int32) CompareAndSwap(old, new int32) (swapped bool)
type Bool struct { v bool }
func (x *Bool) Load() bool
func (x *Bool) Store(val bool)
`,
  sort: `package sort
type Interface interface { Len() int; Less(i, j int) bool; Swap(i, j int) }
func Ints(x []int)
func Strings(x []string)
func Float64s(x []float64)
func Slice(x any, less func(i, j int) bool)
func SliceStable(x any, less func(i, j int) bool)
func Sort(data Interface)
func SearchInts(a []int, x int) int
func IntsAreSorted(x []int) bool
`,
  'math/rand': `package rand
func Intn(n int) int
func Int() int
func Int63() int64
func Int63n(n int64) int64
func Int31() int32
func Int31n(n int32) int32
func Uint32() uint32
func Uint64() uint64
func Float64() float64
func Seed(seed int64)
func Perm(n int) []int
func Shuffle(n int, swap func(i, j int))
`,
};
