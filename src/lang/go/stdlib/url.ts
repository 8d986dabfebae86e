// net/url, written in Go and compiled with the program: what an HTTP server needs
// of it — a request target parsed into path and query (ParseRequestURI), query
// strings as Values, percent-decoding and -encoding — and Parse for absolute and
// relative URLs. User info, IPv6 literals and IDNA are not handled.

export const NET_URL = `package url

import (
	"errors"
	"sort"
	"strconv"
	"strings"
)

type Error struct {
	Op  string
	URL string
	Err error
}

func (e *Error) Error() string { return e.Op + " " + strconv.Quote(e.URL) + ": " + e.Err.Error() }

type EscapeError string

func (e EscapeError) Error() string { return "invalid URL escape " + strconv.Quote(string(e)) }

type URL struct {
	Scheme   string
	Opaque   string
	Host     string
	Path     string
	RawPath  string
	RawQuery string
	Fragment string
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10
	}
	return 0
}

func ishex(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

// unescape decodes %XX sequences, and '+' as a space in a query component.
func unescape(s string, query bool) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%':
			if i+2 >= len(s) || !ishex(s[i+1]) || !ishex(s[i+2]) {
				t := s[i:]
				if len(t) > 3 {
					t = t[:3]
				}
				return "", EscapeError(t)
			}
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
		case c == '+' && query:
			b.WriteByte(' ')
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

func QueryUnescape(s string) (string, error) { return unescape(s, true) }
func PathUnescape(s string) (string, error)  { return unescape(s, false) }

// shouldEscape: everything but the unreserved characters, and in a path also the
// sub-delimiters and ':' and '@', which a path may hold as they are.
func shouldEscape(c byte, query bool) bool {
	if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
		return false
	}
	switch c {
	case '-', '_', '.', '~':
		return false
	case '$', '&', '+', ',', '/', ':', ';', '=', '@':
		return query
	}
	return true
}

func escape(s string, query bool) string {
	const upperhex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' && query {
			b.WriteByte('+')
		} else if shouldEscape(c, query) {
			b.WriteByte('%')
			b.WriteByte(upperhex[c>>4])
			b.WriteByte(upperhex[c&15])
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

func QueryEscape(s string) string { return escape(s, true) }
func PathEscape(s string) string  { return strings.ReplaceAll(escape(s, false), "/", "%2F") }

type Values map[string][]string

func (v Values) Get(key string) string {
	vs := v[key]
	if len(vs) == 0 {
		return ""
	}
	return vs[0]
}
func (v Values) Set(key, value string) { v[key] = []string{value} }
func (v Values) Add(key, value string) { v[key] = append(v[key], value) }
func (v Values) Del(key string)        { delete(v, key) }
func (v Values) Has(key string) bool {
	_, ok := v[key]
	return ok
}

// Encode: "k=v&k2=v2", sorted by key.
func (v Values) Encode() string {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		for _, val := range v[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(QueryEscape(k))
			b.WriteByte('=')
			b.WriteString(QueryEscape(val))
		}
	}
	return b.String()
}

func ParseQuery(query string) (Values, error) {
	m := make(Values)
	var err error
	for query != "" {
		key := query
		if i := strings.IndexByte(key, '&'); i >= 0 {
			key, query = key[:i], key[i+1:]
		} else {
			query = ""
		}
		if strings.Contains(key, ";") {
			err = errors.New("invalid semicolon separator in query")
			continue
		}
		if key == "" {
			continue
		}
		value := ""
		if i := strings.IndexByte(key, '='); i >= 0 {
			key, value = key[:i], key[i+1:]
		}
		k, e := QueryUnescape(key)
		if e != nil {
			if err == nil {
				err = e
			}
			continue
		}
		val, e := QueryUnescape(value)
		if e != nil {
			if err == nil {
				err = e
			}
			continue
		}
		m[k] = append(m[k], val)
	}
	return m, err
}

func (u *URL) Query() Values {
	v, _ := ParseQuery(u.RawQuery)
	return v
}

func (u *URL) EscapedPath() string {
	if u.RawPath != "" {
		return u.RawPath
	}
	if u.Path == "*" {
		return "*"
	}
	return escape(u.Path, false)
}

// RequestURI: the path and query a request line would carry.
func (u *URL) RequestURI() string {
	result := u.Opaque
	if result == "" {
		result = u.EscapedPath()
		if result == "" {
			result = "/"
		}
	}
	if u.RawQuery != "" {
		result += "?" + u.RawQuery
	}
	return result
}

func (u *URL) String() string {
	var b strings.Builder
	if u.Scheme != "" {
		b.WriteString(u.Scheme)
		b.WriteByte(':')
	}
	if u.Opaque != "" {
		b.WriteString(u.Opaque)
	} else {
		if u.Scheme != "" || u.Host != "" {
			b.WriteString("//")
			b.WriteString(u.Host)
		}
		p := u.EscapedPath()
		if p != "" && p[0] != '/' && u.Host != "" {
			b.WriteByte('/')
		}
		b.WriteString(p)
	}
	if u.RawQuery != "" {
		b.WriteByte('?')
		b.WriteString(u.RawQuery)
	}
	if u.Fragment != "" {
		b.WriteByte('#')
		b.WriteString(escape(u.Fragment, false))
	}
	return b.String()
}

func (u *URL) IsAbs() bool { return u.Scheme != "" }

func validScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.':
			if i == 0 {
				return false
			}
		default:
			return false
		}
	}
	return s != ""
}

func parse(rawURL string, viaRequest bool) (*URL, error) {
	for i := 0; i < len(rawURL); i++ {
		if rawURL[i] < 0x20 || rawURL[i] == 0x7f {
			return nil, errors.New("net/url: invalid control character in URL")
		}
	}
	if rawURL == "" && viaRequest {
		return nil, errors.New("empty url")
	}
	u := new(URL)
	if rawURL == "*" {
		u.Path = "*"
		return u, nil
	}
	rest := rawURL
	if i := strings.IndexByte(rest, ':'); i > 0 && validScheme(rest[:i]) {
		u.Scheme = strings.ToLower(rest[:i])
		rest = rest[i+1:]
	}
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		u.RawQuery = rest[i+1:]
		rest = rest[:i]
	}
	if !strings.HasPrefix(rest, "/") {
		if u.Scheme != "" {
			u.Opaque = rest
			return u, nil
		}
		if viaRequest {
			return nil, errors.New("invalid URI for request")
		}
	}
	if (u.Scheme != "" || !viaRequest) && strings.HasPrefix(rest, "//") {
		authority := rest[2:]
		rest = ""
		if i := strings.IndexByte(authority, '/'); i >= 0 {
			authority, rest = authority[:i], authority[i:]
		}
		u.Host = authority
	}
	p, err := unescape(rest, false)
	if err != nil {
		return nil, err
	}
	u.Path = p
	if escape(p, false) != rest {
		u.RawPath = rest
	}
	return u, nil
}

// ParseRequestURI parses a request target: an absolute path (with a query) or an
// absolute URL; no fragment.
func ParseRequestURI(rawURL string) (*URL, error) {
	u, err := parse(rawURL, true)
	if err != nil {
		return nil, &Error{"parse", rawURL, err}
	}
	return u, nil
}

// Parse parses a URL reference, absolute or relative, with a fragment.
func Parse(rawURL string) (*URL, error) {
	frag := ""
	if i := strings.IndexByte(rawURL, '#'); i >= 0 {
		rawURL, frag = rawURL[:i], rawURL[i+1:]
	}
	u, err := parse(rawURL, false)
	if err != nil {
		return nil, &Error{"parse", rawURL, err}
	}
	if frag != "" {
		f, err := unescape(frag, false)
		if err != nil {
			return nil, &Error{"parse", rawURL, err}
		}
		u.Fragment = f
	}
	return u, nil
}
`;
