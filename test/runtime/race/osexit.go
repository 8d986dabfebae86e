// racy, then os.Exit(3): the report is printed, but not "Found N" and the status stays 3 (go1.19).
package main

import (
	"os"
	"sync"
)

var x int

func main() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { x = 1; wg.Done() }()
	go func() { x = 2; wg.Done() }()
	wg.Wait()
	os.Exit(3)
}
