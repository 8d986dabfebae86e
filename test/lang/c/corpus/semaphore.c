/* POSIX semaphores: a ping-pong between two threads, and sem_trywait. */
#include <stdio.h>
#include <pthread.h>
#include <semaphore.h>
#include <errno.h>

static sem_t ping, pong;
static int log_[10], n;

static void *ponger(void *arg) {
    (void)arg;
    for (int i = 0; i < 5; i++) { sem_wait(&ping); log_[n++] = -i; sem_post(&pong); }
    return NULL;
}

int main(void) {
    sem_init(&ping, 0, 0);
    sem_init(&pong, 0, 0);
    pthread_t t;
    pthread_create(&t, NULL, ponger, NULL);
    for (int i = 0; i < 5; i++) { log_[n++] = i; sem_post(&ping); sem_wait(&pong); }
    pthread_join(t, NULL);
    for (int i = 0; i < n; i++) printf("%d ", log_[i]);
    printf("\n");
    int r = sem_trywait(&ping);
    printf("trywait %d errno %s\n", r, errno == EAGAIN ? "EAGAIN" : "other");
    sem_post(&ping);
    int v;
    sem_getvalue(&ping, &v);
    printf("value %d trywait %d\n", v, sem_trywait(&ping));
    return 0;
}
