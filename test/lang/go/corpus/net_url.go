// net/url: request targets and URLs parsed into their parts, query strings as Values,
// percent-encoding both ways, and the errors of bad input.
package main

import (
	"fmt"
	"net/url"
	"strings"
)

func main() {
	u, err := url.ParseRequestURI("/search/a%20b?q=go+lang&n=1&n=2")
	fmt.Println(u.Path, u.RawQuery, err)
	q := u.Query()
	fmt.Println(q.Get("q"), q["n"], q.Get("missing") == "", q.Has("n"))
	fmt.Println(u.RequestURI(), u.String(), u.EscapedPath())
	v := url.Values{}
	v.Set("name", "Ava Smith")
	v.Add("tag", "a&b")
	v.Add("tag", "c=d")
	fmt.Println(v.Encode())
	fmt.Println(url.QueryEscape("a b/c?d"), url.PathEscape("a b/c"))
	s, err := url.QueryUnescape("x%41+y")
	fmt.Println(s, err)
	_, err = url.QueryUnescape("bad%zz")
	fmt.Println(err)
	_, err = url.ParseRequestURI("relative/path")
	fmt.Println(err)
	p, err := url.Parse("https://example.com:8443/a/b?x=1#frag")
	fmt.Println(p.Scheme, p.Host, p.Path, p.RawQuery, p.Fragment, p.IsAbs(), err)
	fmt.Println(p.String())
	m, err := url.ParseQuery("a=1&b=2&a=3")
	fmt.Println(m["a"], m.Get("b"), err)
	r := strings.NewReplacer("<", "&lt;", ">", "&gt;")
	fmt.Println(r.Replace("<b>hi</b>"))
	before, after, found := strings.Cut("key=value", "=")
	fmt.Println(before, after, found)
	_, _, found = strings.Cut("novalue", "=")
	fmt.Println(found)
}
