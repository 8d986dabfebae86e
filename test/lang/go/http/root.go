package main

import (
	"fmt"
	"net/http"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "Hello from gomachine\n")
	})
	http.HandleFunc("/echo/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Path", r.URL.Path)
		fmt.Fprintf(w, "%s %s %s %d\n", r.Method, r.URL.Path, r.Proto, r.ContentLength)
	})
	http.HandleFunc("/exact", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
		w.Write([]byte("short and stout\n"))
	})
	http.ListenAndServe(":8080", nil)
}
