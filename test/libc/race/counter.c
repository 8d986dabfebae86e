/* racy: two threads increment a global counter without a lock. */
#include <pthread.h>
#include <stdio.h>

int counter;

void *worker(void *arg) {
	for (int i = 0; i < 100; i++)
		counter++;
	return NULL;
}

int main(void) {
	pthread_t a, b;
	pthread_create(&a, NULL, worker, NULL);
	pthread_create(&b, NULL, worker, NULL);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	printf("counter: %d\n", counter);
	return 0;
}
