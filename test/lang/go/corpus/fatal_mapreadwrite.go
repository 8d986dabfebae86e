// One goroutine writes a map while main reads it with no lock: a read that finds
// the map being written stops the program with "fatal error: concurrent map read
// and map write" (exit status 2).
package main

import "fmt"

func writer(m map[string]int, keys []string) {
	for i := 0; ; i++ {
		m[keys[i%len(keys)]] = i
	}
}

func main() {
	keys := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	m := map[string]int{}
	for _, k := range keys {
		m[k] = 0
	}
	fmt.Println("reading")
	go writer(m, keys)
	sum := 0
	for i := 0; i < 10000000; i++ {
		sum += m[keys[i%len(keys)]]
	}
	fmt.Println("unreachable", sum)
}
