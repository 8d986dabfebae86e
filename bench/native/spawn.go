package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"
)

func done(wg *sync.WaitGroup) {
	wg.Done()
}

func main() {
	n := 1000000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go done(&wg)
	}
	wg.Wait()
	fmt.Println("joined", n)
}
