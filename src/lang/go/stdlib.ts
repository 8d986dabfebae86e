// The standard library's declarations, as Go: each package's exported types,
// constants, functions and methods, checked by the same checker as the user's
// program. Functions and methods without bodies are native: their
// implementations are in src/runtime/golib/natives.ts under "path.Name" or
// "path.Type.Method". A struct with an `impl any` field is a native object whose
// zero value works (the native creates its state on first use, as sync's types do).
// A package or member not here is a compile error, never a run-time surprise.

export const STDLIB: Record<string, string> = {
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
type Writer interface { Write(p []byte) (n int, err error) }
type Reader interface { Read(p []byte) (n int, err error) }
type Closer interface { Close() error }
type ReadWriter interface { Reader; Writer }
type ReadCloser interface { Reader; Closer }
type WriteCloser interface { Writer; Closer }
type ReadWriteCloser interface { Reader; Writer; Closer }
var EOF error
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
type Time struct { ns int64 }
func (t Time) Sub(u Time) Duration
func (t Time) Add(d Duration) Time
func (t Time) UnixNano() int64
func (t Time) Unix() int64
func (t Time) Before(u Time) bool
func (t Time) After(u Time) bool
func (t Time) IsZero() bool
func (t Time) String() string
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
func Listen(network, address string) (Listener, error)
func Dial(network, address string) (Conn, error)
`,
  strings: `package strings
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
func ParseInt(s string, base int, bitSize int) (int64, error)
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
const MaxUint8 = 1<<8 - 1
const MaxInt8 = 1<<7 - 1
const MaxUint32 = 1<<32 - 1
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
func Float64() float64
func Seed(seed int64)
func Perm(n int) []int
func Shuffle(n int, swap func(i, j int))
`,
};
