/* race-free: a producer fills a slot under a mutex and signals a condition variable;
   the consumer waits for it and reads the slot under the same mutex. The data written
   before the lock is published by the mutex too (cond_wait re-locks it). */
#include <pthread.h>
#include <stdio.h>

pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t ready = PTHREAD_COND_INITIALIZER;
int slot[4];
int full;

void *producer(void *arg) {
	for (int i = 0; i < 4; i++)
		slot[i] = i * 10;
	pthread_mutex_lock(&mu);
	full = 1;
	pthread_cond_signal(&ready);
	pthread_mutex_unlock(&mu);
	return NULL;
}

int main(void) {
	pthread_t p;
	pthread_create(&p, NULL, producer, NULL);
	pthread_mutex_lock(&mu);
	while (!full)
		pthread_cond_wait(&ready, &mu);
	int sum = slot[0] + slot[1] + slot[2] + slot[3];
	pthread_mutex_unlock(&mu);
	pthread_join(p, NULL);
	printf("sum: %d\n", sum);
	return 0;
}
