// net/http's server, written in Go and compiled with the program, on the runtime's
// net package: what a Go HTTP server as commonly written uses — Handle/HandleFunc
// on a ServeMux (DefaultServeMux), ListenAndServe, Server with read/write timeouts,
// ResponseWriter, Request with its Header, URL and Body (Content-Length or chunked),
// Error, NotFound, Redirect, StatusText.
//
// It behaves as Go's server does on the wire, byte for byte where tests pin it
// against go1.19's: a goroutine per connection reading requests through a 4 KiB
// bufio.Reader and writing responses through a 4 KiB bufio.Writer (so a small
// response is one write(2)); the handler's output buffered 2 KiB before the header
// is decided, then Content-Length when the handler finished within the buffer,
// else chunked (HTTP/1.1) or close-delimited (HTTP/1.0); headers in Go's order —
// the handler's sorted, then Date, Content-Length, Content-Type (sniffed: text,
// HTML or bytes), Connection, Transfer-Encoding; keep-alive by RFC 9112 as Go
// decides it; 400 for a malformed request (with the reason for a missing Host),
// 431 beyond 1 MiB of header, 501 for a transfer coding other than chunked; the
// accept loop's backoff on temporary errors, logged as Go's log package does.
//
// Not here: the HTTP client, HTTP/2, TLS, Expect: 100-continue, trailers,
// Hijack/Flush, graceful Shutdown, ServeMux's host patterns and path cleaning.

export const NET_HTTP = `package http

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	StatusContinue                     = 100
	StatusSwitchingProtocols           = 101
	StatusOK                           = 200
	StatusCreated                      = 201
	StatusAccepted                     = 202
	StatusNoContent                    = 204
	StatusMovedPermanently             = 301
	StatusFound                        = 302
	StatusSeeOther                     = 303
	StatusNotModified                  = 304
	StatusTemporaryRedirect            = 307
	StatusPermanentRedirect            = 308
	StatusBadRequest                   = 400
	StatusUnauthorized                 = 401
	StatusForbidden                    = 403
	StatusNotFound                     = 404
	StatusMethodNotAllowed             = 405
	StatusRequestTimeout               = 408
	StatusConflict                     = 409
	StatusGone                         = 410
	StatusLengthRequired               = 411
	StatusRequestEntityTooLarge        = 413
	StatusTeapot                       = 418
	StatusTooManyRequests              = 429
	StatusRequestHeaderFieldsTooLarge  = 431
	StatusInternalServerError          = 500
	StatusNotImplemented               = 501
	StatusBadGateway                   = 502
	StatusServiceUnavailable           = 503
	StatusGatewayTimeout               = 504
	StatusHTTPVersionNotSupported      = 505
)

const (
	MethodGet     = "GET"
	MethodHead    = "HEAD"
	MethodPost    = "POST"
	MethodPut     = "PUT"
	MethodPatch   = "PATCH"
	MethodDelete  = "DELETE"
	MethodConnect = "CONNECT"
	MethodOptions = "OPTIONS"
	MethodTrace   = "TRACE"
)

const DefaultMaxHeaderBytes = 1 << 20
const TimeFormat = "Mon, 02 Jan 2006 15:04:05 GMT"

var (
	ErrServerClosed   = errors.New("http: Server closed")
	ErrBodyNotAllowed = errors.New("http: request method or response status code does not allow body")
	ErrBodyReadAfterClose = errors.New("http: invalid Read on closed Body")
	ErrHandlerTimeout = errors.New("http: Handler timeout")
	ErrLineTooLong    = errors.New("header line too long")
)

func StatusText(code int) string {
	switch code {
	case 100:
		return "Continue"
	case 101:
		return "Switching Protocols"
	case 200:
		return "OK"
	case 201:
		return "Created"
	case 202:
		return "Accepted"
	case 204:
		return "No Content"
	case 301:
		return "Moved Permanently"
	case 302:
		return "Found"
	case 303:
		return "See Other"
	case 304:
		return "Not Modified"
	case 307:
		return "Temporary Redirect"
	case 308:
		return "Permanent Redirect"
	case 400:
		return "Bad Request"
	case 401:
		return "Unauthorized"
	case 403:
		return "Forbidden"
	case 404:
		return "Not Found"
	case 405:
		return "Method Not Allowed"
	case 408:
		return "Request Timeout"
	case 409:
		return "Conflict"
	case 410:
		return "Gone"
	case 411:
		return "Length Required"
	case 413:
		return "Request Entity Too Large"
	case 418:
		return "I'm a teapot"
	case 429:
		return "Too Many Requests"
	case 431:
		return "Request Header Fields Too Large"
	case 500:
		return "Internal Server Error"
	case 501:
		return "Not Implemented"
	case 502:
		return "Bad Gateway"
	case 503:
		return "Service Unavailable"
	case 504:
		return "Gateway Timeout"
	case 505:
		return "HTTP Version Not Supported"
	}
	return ""
}

// --- headers ---

type Header map[string][]string

func isTokenChar(c byte) bool {
	return c > 0x20 && c < 0x7f && !strings.ContainsRune("\\"(),/:;<=>?@[\\\\]{}", rune(c))
}

// CanonicalHeaderKey: "content-type" → "Content-Type"; a key with a character no
// token may hold is returned as it is.
func CanonicalHeaderKey(s string) string {
	for i := 0; i < len(s); i++ {
		if !isTokenChar(s[i]) {
			return s
		}
	}
	b := []byte(s)
	upper := true
	for i, c := range b {
		if upper && 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		} else if !upper && 'A' <= c && c <= 'Z' {
			b[i] = c - 'A' + 'a'
		}
		upper = c == '-'
	}
	return string(b)
}

func (h Header) Add(key, value string) {
	key = CanonicalHeaderKey(key)
	h[key] = append(h[key], value)
}
func (h Header) Set(key, value string) { h[CanonicalHeaderKey(key)] = []string{value} }
func (h Header) Get(key string) string {
	v := h[CanonicalHeaderKey(key)]
	if len(v) == 0 {
		return ""
	}
	return v[0]
}
func (h Header) Values(key string) []string { return h[CanonicalHeaderKey(key)] }
func (h Header) Del(key string)             { delete(h, CanonicalHeaderKey(key)) }
func (h Header) Clone() Header {
	if h == nil {
		return nil
	}
	h2 := make(Header, len(h))
	for k, vv := range h {
		h2[k] = append([]string(nil), vv...)
	}
	return h2
}

// writeSorted writes "Key: value\\r\\n" lines, keys in order, values' line breaks made spaces.
func (h Header) writeSorted(w *bufio.Writer) {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			v = strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(v, "\\r", " "), "\\n", " "))
			w.WriteString(k)
			w.WriteString(": ")
			w.WriteString(v)
			w.WriteString("\\r\\n")
		}
	}
}

// hasToken: does a comma-separated header value list hold token (case-insensitively)?
func hasToken(v, token string) bool {
	for _, t := range strings.Split(v, ",") {
		if strings.EqualFold(strings.TrimSpace(t), token) {
			return true
		}
	}
	return false
}

// --- requests ---

type Request struct {
	Method           string
	URL              *url.URL
	Proto            string
	ProtoMajor       int
	ProtoMinor       int
	Header           Header
	Body             io.ReadCloser
	ContentLength    int64
	TransferEncoding []string
	Close            bool
	Host             string
	RemoteAddr       string
	RequestURI       string
	form             url.Values
}

func (r *Request) ProtoAtLeast(major, minor int) bool {
	return r.ProtoMajor > major || r.ProtoMajor == major && r.ProtoMinor >= minor
}
func (r *Request) UserAgent() string { return r.Header.Get("User-Agent") }
func (r *Request) Referer() string   { return r.Header.Get("Referer") }

// FormValue: the first value of key in the URL's query (request bodies are not parsed as forms here).
func (r *Request) FormValue(key string) string {
	if r.form == nil {
		r.form = r.URL.Query()
	}
	return r.form.Get(key)
}

type noBody struct{}

func (noBody) Read([]byte) (int, error) { return 0, io.EOF }
func (noBody) Close() error             { return nil }

var NoBody = noBody{}

// body: a request's body, Content-Length bytes or chunks, read from the connection.
type body struct {
	src    io.Reader
	closed bool
	eof    bool
}

func (b *body) Read(p []byte) (int, error) {
	if b.closed {
		return 0, ErrBodyReadAfterClose
	}
	if b.eof {
		return 0, io.EOF
	}
	n, err := b.src.Read(p)
	if err == io.EOF {
		b.eof = true
		if lr, ok := b.src.(*io.LimitedReader); ok && lr.N > 0 {
			err = io.ErrUnexpectedEOF
		}
	}
	return n, err
}
func (b *body) Close() error {
	b.closed = true
	return nil
}

// chunkedReader decodes a chunked request body: "size[;ext]\\r\\n data \\r\\n ... 0\\r\\n\\r\\n".
type chunkedReader struct {
	r    *bufio.Reader
	n    int64
	done bool
	err  error
}

func (cr *chunkedReader) beginChunk() {
	line, err := readLine(cr.r)
	if err != nil {
		cr.err = err
		return
	}
	if i := strings.IndexByte(line, ';'); i >= 0 {
		line = line[:i]
	}
	n, err := strconv.ParseInt(strings.TrimSpace(line), 16, 64)
	if err != nil || n < 0 {
		cr.err = errors.New("invalid byte in chunk length")
		return
	}
	cr.n = n
	if n == 0 {
		for { // trailers, up to the blank line
			l, err := readLine(cr.r)
			if err != nil {
				cr.err = err
				return
			}
			if l == "" {
				break
			}
		}
		cr.done = true
	}
}

func (cr *chunkedReader) Read(p []byte) (int, error) {
	for cr.err == nil && !cr.done {
		if cr.n == 0 {
			cr.beginChunk()
			continue
		}
		if int64(len(p)) > cr.n {
			p = p[:cr.n]
		}
		n, err := cr.r.Read(p)
		cr.n -= int64(n)
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			cr.err = err
		} else if cr.n == 0 {
			if crlf, err := readLine(cr.r); err != nil || crlf != "" {
				cr.err = errors.New("malformed chunked encoding")
			}
		}
		return n, nil
	}
	if cr.done {
		return 0, io.EOF
	}
	return 0, cr.err
}

// readLine: one line without its \\r\\n, up to the most a request head may hold.
func readLine(r *bufio.Reader) (string, error) {
	var b []byte
	for {
		line, isPrefix, err := r.ReadLine()
		if err != nil {
			return "", err
		}
		b = append(b, line...)
		if len(b) > DefaultMaxHeaderBytes+4096 {
			return "", ErrLineTooLong
		}
		if !isPrefix {
			return string(b), nil
		}
	}
}

// badRequestError's text follows "400 Bad Request: " in the reply; a badStringError's does not.
type badRequestError string

func (e badRequestError) Error() string { return "Bad Request: " + string(e) }

type badStringError struct {
	what string
	str  string
}

func (e *badStringError) Error() string { return e.what + " " + strconv.Quote(e.str) }

var errTooLarge = errors.New("http: request too large")
var errUnsupportedTE = errors.New("unsupported transfer encoding")

func parseHTTPVersion(vers string) (major, minor int, ok bool) {
	switch vers {
	case "HTTP/1.1":
		return 1, 1, true
	case "HTTP/1.0":
		return 1, 0, true
	}
	if !strings.HasPrefix(vers, "HTTP/") || len(vers) != len("HTTP/X.Y") || vers[6] != '.' {
		return 0, 0, false
	}
	if vers[5] < '0' || vers[5] > '9' || vers[7] < '0' || vers[7] > '9' {
		return 0, 0, false
	}
	return int(vers[5] - '0'), int(vers[7] - '0'), true
}

// readHeaderLines reads "Key: value" lines up to the blank line (a line starting with a
// space or tab continues the one before), counting the bytes against max.
func readHeaderLines(r *bufio.Reader, max *int) (Header, error) {
	h := make(Header)
	last := ""
	for {
		line, err := readLine(r)
		if err != nil {
			if err == ErrLineTooLong {
				return nil, errTooLarge
			}
			return nil, err
		}
		*max -= len(line) + 2
		if *max < 0 {
			return nil, errTooLarge
		}
		if line == "" {
			return h, nil
		}
		if (line[0] == ' ' || line[0] == '\\t') && last != "" {
			vv := h[last]
			vv[len(vv)-1] += " " + strings.TrimSpace(line)
			continue
		}
		i := strings.IndexByte(line, ':')
		if i <= 0 {
			return nil, errors.New("malformed MIME header line: " + line)
		}
		key := line[:i]
		for j := 0; j < len(key); j++ {
			if !isTokenChar(key[j]) {
				return nil, errors.New("malformed MIME header line: " + line)
			}
		}
		key = CanonicalHeaderKey(key)
		h[key] = append(h[key], strings.TrimSpace(line[i+1:]))
		last = key
	}
}

func validMethod(m string) bool {
	if m == "" {
		return false
	}
	for i := 0; i < len(m); i++ {
		if !isTokenChar(m[i]) {
			return false
		}
	}
	return true
}

// readRequest reads one request head from r and sets up its body.
func readRequest(r *bufio.Reader, maxHeader int) (*Request, error) {
	line, err := readLine(r)
	if err != nil {
		if err == ErrLineTooLong {
			return nil, errTooLarge
		}
		return nil, err
	}
	max := maxHeader + 4096 - len(line)
	req := &Request{}
	method, rest, ok1 := strings.Cut(line, " ")
	requestURI, proto, ok2 := strings.Cut(rest, " ")
	if !ok1 || !ok2 {
		return nil, &badStringError{"malformed HTTP request", line}
	}
	req.Method, req.RequestURI, req.Proto = method, requestURI, proto
	var ok bool
	if req.ProtoMajor, req.ProtoMinor, ok = parseHTTPVersion(proto); !ok {
		return nil, &badStringError{"malformed HTTP version", proto}
	}
	if !validMethod(method) {
		return nil, &badStringError{"invalid method", method}
	}
	if req.URL, err = url.ParseRequestURI(requestURI); err != nil {
		return nil, err
	}
	if req.Header, err = readHeaderLines(r, &max); err != nil {
		return nil, err
	}
	hosts := req.Header["Host"]
	if req.ProtoAtLeast(1, 1) && len(hosts) == 0 && method != "CONNECT" {
		return nil, badRequestError("missing required Host header")
	}
	if len(hosts) > 1 {
		return nil, badRequestError("too many Host headers")
	}
	req.Host = req.URL.Host
	if req.Host == "" && len(hosts) == 1 {
		req.Host = hosts[0]
	}
	delete(req.Header, "Host")
	conn := strings.Join(req.Header["Connection"], ",")
	if req.ProtoMajor == 1 && req.ProtoMinor == 0 {
		req.Close = !hasToken(conn, "keep-alive")
	} else {
		req.Close = hasToken(conn, "close")
	}
	if te := req.Header["Transfer-Encoding"]; len(te) > 0 && req.ProtoAtLeast(1, 1) {
		if len(te) != 1 || !strings.EqualFold(te[0], "chunked") {
			return nil, errUnsupportedTE
		}
		delete(req.Header, "Content-Length")
		req.TransferEncoding = []string{"chunked"}
		req.ContentLength = -1
		req.Body = &body{src: &chunkedReader{r: r}}
		return req, nil
	}
	if cl := req.Header["Content-Length"]; len(cl) > 0 {
		n, err := strconv.ParseInt(strings.TrimSpace(cl[0]), 10, 64)
		if err != nil || n < 0 || len(cl) > 1 && cl[1] != cl[0] {
			return nil, badRequestError("bad Content-Length")
		}
		req.ContentLength = n
		if n > 0 {
			req.Body = &body{src: io.LimitReader(r, n)}
			return req, nil
		}
	}
	req.Body = NoBody
	return req, nil
}

// --- handlers and the mux ---

type ResponseWriter interface {
	Header() Header
	Write([]byte) (int, error)
	WriteHeader(statusCode int)
}

type Handler interface {
	ServeHTTP(ResponseWriter, *Request)
}

type HandlerFunc func(ResponseWriter, *Request)

func (f HandlerFunc) ServeHTTP(w ResponseWriter, r *Request) { f(w, r) }

func Error(w ResponseWriter, error string, code int) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	io.WriteString(w, error+"\\n")
}

func NotFound(w ResponseWriter, r *Request) { Error(w, "404 page not found", StatusNotFound) }
func NotFoundHandler() Handler               { return HandlerFunc(NotFound) }

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\\"", "&#34;", "'", "&#39;").Replace(s)
}

// Redirect replies with a redirect to url and, for GET and HEAD, a short HTML body.
func Redirect(w ResponseWriter, r *Request, url string, code int) {
	h := w.Header()
	_, hadCT := h["Content-Type"]
	h.Set("Location", url)
	if !hadCT && (r.Method == "GET" || r.Method == "HEAD") {
		h.Set("Content-Type", "text/html; charset=utf-8")
	}
	w.WriteHeader(code)
	if !hadCT && r.Method == "GET" {
		io.WriteString(w, "<a href=\\""+htmlEscape(url)+"\\">"+StatusText(code)+"</a>.\\n\\n")
	}
}

// ServeMux matches a request's path against its patterns: an exact match, else the
// longest registered pattern ending in '/' that prefixes the path. A path that is a
// "/tree/" pattern without its slash is redirected there (301).
type ServeMux struct {
	mu       sync.RWMutex
	m        map[string]Handler
	patterns []string
}

func NewServeMux() *ServeMux { return &ServeMux{m: make(map[string]Handler)} }

var DefaultServeMux = NewServeMux()

func (mux *ServeMux) Handle(pattern string, handler Handler) {
	mux.mu.Lock()
	defer mux.mu.Unlock()
	if pattern == "" {
		panic("http: invalid pattern")
	}
	if handler == nil {
		panic("http: nil handler")
	}
	if mux.m == nil {
		mux.m = make(map[string]Handler)
	}
	if _, exist := mux.m[pattern]; exist {
		panic("http: multiple registrations for " + pattern)
	}
	mux.m[pattern] = handler
	mux.patterns = append(mux.patterns, pattern)
}

func (mux *ServeMux) HandleFunc(pattern string, handler func(ResponseWriter, *Request)) {
	if handler == nil {
		panic("http: nil handler")
	}
	mux.Handle(pattern, HandlerFunc(handler))
}

func (mux *ServeMux) match(path string) (Handler, string) {
	if h, ok := mux.m[path]; ok {
		return h, path
	}
	best := ""
	for _, p := range mux.patterns {
		if strings.HasSuffix(p, "/") && strings.HasPrefix(path, p) && len(p) > len(best) {
			best = p
		}
	}
	if best == "" {
		return nil, ""
	}
	return mux.m[best], best
}

// Handler: the handler for r and the pattern it matched.
func (mux *ServeMux) Handler(r *Request) (h Handler, pattern string) {
	mux.mu.RLock()
	defer mux.mu.RUnlock()
	path := r.URL.Path
	if _, ok := mux.m[path]; !ok {
		if _, ok := mux.m[path+"/"]; ok {
			u := &url.URL{Path: path + "/", RawQuery: r.URL.RawQuery}
			target := u.String()
			return HandlerFunc(func(w ResponseWriter, r *Request) { Redirect(w, r, target, StatusMovedPermanently) }), path + "/"
		}
	}
	h, pattern = mux.match(path)
	if h == nil {
		return NotFoundHandler(), ""
	}
	return h, pattern
}

func (mux *ServeMux) ServeHTTP(w ResponseWriter, r *Request) {
	if r.RequestURI == "*" {
		if r.ProtoAtLeast(1, 1) {
			w.Header().Set("Connection", "close")
		}
		w.WriteHeader(StatusBadRequest)
		return
	}
	h, _ := mux.Handler(r)
	h.ServeHTTP(w, r)
}

func Handle(pattern string, handler Handler) { DefaultServeMux.Handle(pattern, handler) }
func HandleFunc(pattern string, handler func(ResponseWriter, *Request)) {
	DefaultServeMux.HandleFunc(pattern, handler)
}

// --- the server ---

type Server struct {
	Addr           string
	Handler        Handler
	ReadTimeout    time.Duration
	WriteTimeout   time.Duration
	IdleTimeout    time.Duration
	MaxHeaderBytes int
	mu             sync.Mutex
	listeners      []net.Listener
	closed         bool
}

func ListenAndServe(addr string, handler Handler) error {
	srv := &Server{Addr: addr, Handler: handler}
	return srv.ListenAndServe()
}

func (srv *Server) ListenAndServe() error {
	if srv.isClosed() {
		return ErrServerClosed
	}
	addr := srv.Addr
	if addr == "" {
		addr = ":80"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return srv.Serve(ln)
}

func (srv *Server) isClosed() bool {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	return srv.closed
}

// Close closes the server's listeners at once (connections in progress finish on their own).
func (srv *Server) Close() error {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	srv.closed = true
	var err error
	for _, ln := range srv.listeners {
		if e := ln.Close(); e != nil && err == nil {
			err = e
		}
	}
	srv.listeners = nil
	return err
}

// logf writes one line as Go's log package does: "2006/01/02 15:04:05 " and the message.
func logf(msg string) {
	os.Stderr.WriteString(time.Now().UTC().Format("2006/01/02 15:04:05 ") + msg + "\\n")
}

// Serve accepts connections on l and serves each on its own goroutine. An accept
// error that is temporary (out of descriptors) is retried after 5 ms, doubling to 1 s.
func (srv *Server) Serve(l net.Listener) error {
	srv.mu.Lock()
	srv.listeners = append(srv.listeners, l)
	srv.mu.Unlock()
	defer l.Close()
	var tempDelay time.Duration
	for {
		rw, err := l.Accept()
		if err != nil {
			if srv.isClosed() {
				return ErrServerClosed
			}
			if ne, ok := err.(net.Error); ok && ne.Temporary() {
				if tempDelay == 0 {
					tempDelay = 5 * time.Millisecond
				} else {
					tempDelay *= 2
				}
				if tempDelay > time.Second {
					tempDelay = time.Second
				}
				logf("http: Accept error: " + err.Error() + "; retrying in " + tempDelay.String())
				time.Sleep(tempDelay)
				continue
			}
			return err
		}
		tempDelay = 0
		c := &conn{server: srv, rwc: rw, remoteAddr: rw.RemoteAddr().String()}
		go c.serve()
	}
}

type conn struct {
	server     *Server
	rwc        net.Conn
	remoteAddr string
	bufr       *bufio.Reader
	bufw       *bufio.Writer
}

const bufferBeforeChunkingSize = 2048

// serve reads requests and answers them, one after the other, until the client
// closes, asks to, or a reply must end the connection.
func (c *conn) serve() {
	defer c.rwc.Close()
	c.bufr = bufio.NewReaderSize(c.rwc, 4096)
	c.bufw = bufio.NewWriterSize(c.rwc, 4096)
	srv := c.server
	maxHeader := srv.MaxHeaderBytes
	if maxHeader <= 0 {
		maxHeader = DefaultMaxHeaderBytes
	}
	for {
		if srv.ReadTimeout > 0 {
			c.rwc.SetReadDeadline(time.Now().Add(srv.ReadTimeout))
		}
		req, err := readRequest(c.bufr, maxHeader)
		if err != nil {
			c.replyError(err)
			return
		}
		if srv.WriteTimeout > 0 {
			c.rwc.SetWriteDeadline(time.Now().Add(srv.WriteTimeout))
		}
		req.RemoteAddr = c.remoteAddr
		w := &response{conn: c, req: req, handlerHeader: make(Header), contentLength: -1}
		w.cw = &chunkWriter{res: w}
		w.w = bufio.NewWriterSize(w.cw, bufferBeforeChunkingSize)
		h := srv.Handler
		if h == nil {
			h = DefaultServeMux
		}
		h.ServeHTTP(w, req)
		w.finishRequest()
		if w.closeAfterReply || w.requestBodyUnread() {
			return
		}
		if srv.IdleTimeout > 0 {
			c.rwc.SetReadDeadline(time.Now().Add(srv.IdleTimeout))
		} else if srv.ReadTimeout > 0 {
			c.rwc.SetReadDeadline(time.Time{})
		}
	}
}

// replyError answers a request that could not be read, if the client is still there.
func (c *conn) replyError(err error) {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return
	}
	if _, ok := err.(net.Error); ok {
		return // the connection failed or timed out: nothing to say
	}
	const errorHeaders = "\\r\\nContent-Type: text/plain; charset=utf-8\\r\\nConnection: close\\r\\n\\r\\n"
	switch {
	case err == errTooLarge:
		io.WriteString(c.rwc, "HTTP/1.1 431 Request Header Fields Too Large"+errorHeaders+"431 Request Header Fields Too Large")
	case err == errUnsupportedTE:
		io.WriteString(c.rwc, "HTTP/1.1 501 Not Implemented"+errorHeaders+"Unsupported transfer encoding")
	default:
		publicErr := "400 Bad Request"
		if v, ok := err.(badRequestError); ok {
			publicErr = publicErr + ": " + string(v)
		}
		io.WriteString(c.rwc, "HTTP/1.1 "+publicErr+errorHeaders+publicErr)
	}
}

// response is the ResponseWriter: the handler writes through w (2 KiB) into cw,
// which decides the header at its first write and frames the body.
type response struct {
	conn            *conn
	req             *Request
	handlerHeader   Header
	wroteHeader     bool
	status          int
	contentLength   int64
	written         int64
	w               *bufio.Writer
	cw              *chunkWriter
	handlerDone     bool
	closeAfterReply bool
}

func (w *response) Header() Header { return w.handlerHeader }

func bodyAllowedForStatus(status int) bool {
	switch {
	case status >= 100 && status <= 199:
		return false
	case status == 204, status == 304:
		return false
	}
	return true
}

func (w *response) WriteHeader(code int) {
	if w.wroteHeader {
		logf("http: superfluous response.WriteHeader call")
		return
	}
	if code < 100 || code > 999 {
		panic("invalid WriteHeader code " + strconv.Itoa(code))
	}
	w.wroteHeader = true
	w.status = code
	w.cw.header = w.handlerHeader.Clone()
	if cl := w.cw.header.Get("Content-Length"); cl != "" {
		if v, err := strconv.ParseInt(cl, 10, 64); err == nil && v >= 0 {
			w.contentLength = v
		} else {
			logf("http: invalid Content-Length of " + strconv.Quote(cl))
			w.cw.header.Del("Content-Length")
		}
	}
}

func (w *response) bodyAllowed() bool { return bodyAllowedForStatus(w.status) }

func (w *response) Write(data []byte) (int, error) { return w.write(len(data), data, "") }
func (w *response) WriteString(s string) (int, error) { return w.write(len(s), nil, s) }

func (w *response) write(n int, data []byte, s string) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(StatusOK)
	}
	if n == 0 {
		return 0, nil
	}
	if !w.bodyAllowed() {
		return 0, ErrBodyNotAllowed
	}
	w.written += int64(n)
	if w.contentLength != -1 && w.written > w.contentLength {
		return 0, errors.New("http: wrote more than the declared Content-Length")
	}
	if data != nil {
		return w.w.Write(data)
	}
	return w.w.WriteString(s)
}

func (w *response) finishRequest() {
	w.handlerDone = true
	if !w.wroteHeader {
		w.WriteHeader(StatusOK)
	}
	w.w.Flush()
	w.cw.close()
	w.conn.bufw.Flush()
	w.req.Body.Close()
}

// requestBodyUnread: a body the handler left is read and dropped (up to 256 KiB), as
// Go does to keep the connection; past that, or on an error, the connection closes.
func (w *response) requestBodyUnread() bool {
	b, ok := w.req.Body.(*body)
	if !ok || b.eof {
		return false
	}
	b.closed = false
	n, err := io.CopyN(io.Discard, b, 256<<10+1)
	if err == io.EOF {
		return false
	}
	return n > 256<<10 || err != nil
}

// sniff: the Content-Type Go's DetectContentType would give the first bytes of a body,
// for the kinds a server commonly sends — HTML, plain text, or else bytes.
func sniff(p []byte) string {
	if len(p) > 512 {
		p = p[:512]
	}
	i := 0
	for i < len(p) && (p[i] == ' ' || p[i] == '\\t' || p[i] == '\\n' || p[i] == '\\r' || p[i] == '\\f') {
		i++
	}
	rest := strings.ToLower(string(p[i:]))
	for _, tag := range []string{"<!doctype html", "<html", "<head", "<script", "<iframe", "<h1", "<div", "<font", "<table", "<a", "<style", "<title", "<b", "<body", "<br", "<p", "<!--"} {
		if strings.HasPrefix(rest, tag) && len(rest) > len(tag) && (rest[len(tag)] == ' ' || rest[len(tag)] == '>') {
			return "text/html; charset=utf-8"
		}
	}
	if strings.HasPrefix(rest, "<?xml") {
		return "text/xml; charset=utf-8"
	}
	if strings.HasPrefix(string(p), "%PDF-") {
		return "application/pdf"
	}
	for _, c := range p {
		if c <= 0x08 || c == 0x0b || 0x0e <= c && c <= 0x1a || 0x1c <= c && c <= 0x1f {
			return "application/octet-stream"
		}
	}
	return "text/plain; charset=utf-8"
}

// chunkWriter writes the header at its first write (or at the end) and then the body,
// as chunks when no length was known in time.
type chunkWriter struct {
	res         *response
	header      Header
	wroteHeader bool
	chunking    bool
}

func (cw *chunkWriter) Write(p []byte) (int, error) {
	if !cw.wroteHeader {
		cw.writeHeader(p)
	}
	if cw.res.req.Method == "HEAD" {
		return len(p), nil
	}
	bw := cw.res.conn.bufw
	if cw.chunking {
		bw.WriteString(strconv.FormatInt(int64(len(p)), 16))
		bw.WriteString("\\r\\n")
	}
	n, err := bw.Write(p)
	if cw.chunking && err == nil {
		_, err = bw.WriteString("\\r\\n")
	}
	return n, err
}

func (cw *chunkWriter) close() {
	if !cw.wroteHeader {
		cw.writeHeader(nil)
	}
	if cw.chunking {
		cw.res.conn.bufw.WriteString("0\\r\\n\\r\\n")
	}
}

func (cw *chunkWriter) writeHeader(p []byte) {
	cw.wroteHeader = true
	w := cw.res
	req := w.req
	header := cw.header
	if header == nil {
		header = make(Header)
	}
	isHEAD := req.Method == "HEAD"
	date, contentLength, contentType, connection, transferEncoding := "", "", "", "", ""
	bodyOK := w.bodyAllowed()

	// The whole body fit the buffer: its length is known.
	if w.handlerDone && bodyOK && header.Get("Content-Length") == "" && header.Get("Transfer-Encoding") == "" && (!isHEAD || len(p) > 0) {
		w.contentLength = int64(len(p))
		contentLength = strconv.Itoa(len(p))
	}
	hasCL := w.contentLength != -1
	w.closeAfterReply = req.Close
	if req.ProtoMajor == 1 && req.ProtoMinor == 0 && !req.Close {
		if hasCL {
			connection = "keep-alive" // an HTTP/1.0 client asked to keep it: say so
		} else {
			w.closeAfterReply = true
		}
	}
	if hasToken(header.Get("Connection"), "close") {
		w.closeAfterReply = true
	}
	if bodyOK && !isHEAD && !hasCL {
		if req.ProtoAtLeast(1, 1) {
			transferEncoding = "chunked"
			cw.chunking = true
		} else {
			w.closeAfterReply = true // HTTP/1.0: the end of the body is the end of the connection
		}
	}
	if bodyOK && header.Get("Content-Type") == "" && len(p) > 0 {
		contentType = sniff(p)
	}
	if _, ok := header["Date"]; !ok {
		date = time.Now().UTC().Format(TimeFormat)
	}
	if w.closeAfterReply && !hasToken(header.Get("Connection"), "close") {
		header.Del("Connection")
		if req.ProtoAtLeast(1, 1) {
			connection = "close"
		}
	}
	if !bodyOK {
		header.Del("Content-Length")
		header.Del("Transfer-Encoding")
		contentLength, transferEncoding = "", ""
		cw.chunking = false
	}

	bw := w.conn.bufw
	if req.ProtoAtLeast(1, 1) {
		bw.WriteString("HTTP/1.1 ")
	} else {
		bw.WriteString("HTTP/1.0 ")
	}
	text := StatusText(w.status)
	if text == "" {
		text = "status code " + strconv.Itoa(w.status)
	}
	bw.WriteString(strconv.Itoa(w.status) + " " + text + "\\r\\n")
	header.writeSorted(bw)
	for i, v := range []string{date, contentLength, contentType, connection, transferEncoding} {
		if v != "" {
			bw.WriteString([]string{"Date: ", "Content-Length: ", "Content-Type: ", "Connection: ", "Transfer-Encoding: "}[i] + v + "\\r\\n")
		}
	}
	bw.WriteString("\\r\\n")
}
`;
