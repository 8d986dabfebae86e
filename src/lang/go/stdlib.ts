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
};
