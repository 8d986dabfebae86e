/* A reusable barrier from a mutex and a condition variable; three rounds, three threads. */
#include <stdio.h>
#include <pthread.h>

#define N 3
static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int arrived, generation;
static int done[N][3];

static void barrier(void) {
    pthread_mutex_lock(&m);
    int gen = generation;
    if (++arrived == N) { arrived = 0; generation++; pthread_cond_broadcast(&cv); }
    else while (gen == generation) pthread_cond_wait(&cv, &m);
    pthread_mutex_unlock(&m);
}

static void *run(void *arg) {
    int id = *(int *)arg;
    for (int round = 0; round < 3; round++) {
        done[id][round] = 1;
        barrier();
        for (int j = 0; j < N; j++) if (!done[j][round]) printf("thread %d saw %d unfinished in round %d\n", id, j, round);
    }
    return NULL;
}

int main(void) {
    pthread_t t[N]; int ids[N];
    for (int i = 0; i < N; i++) { ids[i] = i; pthread_create(&t[i], NULL, run, &ids[i]); }
    for (int i = 0; i < N; i++) pthread_join(t[i], NULL);
    printf("generations %d\n", generation);
    return 0;
}
