/* A thread waits for a flag by spinning on it, making no syscall, while main sleeps
   before it sets the flag: a core burned for nothing (pthread_cond_wait or a futex
   would sleep instead). */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

volatile int ready;

void *waiter(void *arg) {
	long spins = 0;
	while (!ready)
		spins++;
	return (void *)spins;
}

int main(void) {
	pthread_t t;
	pthread_create(&t, NULL, waiter, NULL);
	usleep(5000);
	ready = 1;
	pthread_join(t, NULL);
	printf("the waiter saw the flag\n");
	return 0;
}
