/* Producer/consumer over a bounded buffer with a mutex and two condition variables. */
#include <stdio.h>
#include <pthread.h>

#define SIZE 4
#define ITEMS 200

static int buffer[SIZE];
static int count, in, out;
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;

static void *producer(void *arg) {
    (void)arg;
    for (int i = 1; i <= ITEMS; i++) {
        pthread_mutex_lock(&m);
        while (count == SIZE) pthread_cond_wait(&not_full, &m);
        buffer[in] = i; in = (in + 1) % SIZE; count++;
        pthread_cond_signal(&not_empty);
        pthread_mutex_unlock(&m);
    }
    return NULL;
}

static void *consumer(void *arg) {
    long *sum = arg;
    for (int i = 0; i < ITEMS; i++) {
        pthread_mutex_lock(&m);
        while (count == 0) pthread_cond_wait(&not_empty, &m);
        *sum += buffer[out]; out = (out + 1) % SIZE; count--;
        pthread_cond_signal(&not_full);
        pthread_mutex_unlock(&m);
    }
    return NULL;
}

int main(void) {
    pthread_t p, c;
    long sum = 0;
    pthread_create(&p, NULL, producer, NULL);
    pthread_create(&c, NULL, consumer, &sum);
    pthread_join(p, NULL);
    pthread_join(c, NULL);
    printf("consumed sum %ld (expected %d)\n", sum, ITEMS * (ITEMS + 1) / 2);
    return 0;
}
