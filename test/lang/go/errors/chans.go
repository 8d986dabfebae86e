package main

func main() {
	var r <-chan int
	var s chan<- int
	r <- 1
	<-s
	close(r)
	var n int
	n <- 2
	<-n
}
