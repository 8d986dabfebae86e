// A prime sieve as a daisy chain of goroutines, one filter per prime, each reading the
// channel of the one before; and the same sieve where each filter hands main a channel
// of channels, so main builds the chain by receiving channels.
package main

import "fmt"

func generate(ch chan<- int) {
	for i := 2; ; i++ {
		ch <- i
	}
}

func filter(in <-chan int, out chan<- int, prime int) {
	for {
		i := <-in
		if i%prime != 0 {
			out <- i
		}
	}
}

func sieve(n int) []int {
	ch := make(chan int)
	go generate(ch)
	var primes []int
	for i := 0; i < n; i++ {
		prime := <-ch
		primes = append(primes, prime)
		ch1 := make(chan int)
		go filter(ch, ch1, prime)
		ch = ch1
	}
	return primes
}

func chanOfChans(n int) []int {
	chans := make(chan chan int, 1)
	first := make(chan int)
	go func() {
		for i := 2; i < 1000; i++ {
			first <- i
		}
		close(first)
	}()
	chans <- first
	var primes []int
	for len(primes) < n {
		in := <-chans
		p, ok := <-in
		if !ok {
			break
		}
		primes = append(primes, p)
		out := make(chan int)
		go func(in <-chan int, p int) {
			for v := range in {
				if v%p != 0 {
					out <- v
				}
			}
			close(out)
		}(in, p)
		chans <- out
	}
	return primes
}

func main() {
	fmt.Println(sieve(25))
	fmt.Println(chanOfChans(30))
}
