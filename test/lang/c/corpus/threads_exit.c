/* exit while other threads still run: exit_group ends them all; pthread_exit returns a value to join. */
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <unistd.h>

static void *forever(void *arg) { (void)arg; for (;;) usleep(1000); return NULL; }
static void *early(void *arg) { pthread_exit((void *)((long)arg * 2)); return NULL; }

int main(void) {
    pthread_t t, e;
    pthread_create(&e, NULL, early, (void *)21L);
    void *r;
    pthread_join(e, &r);
    printf("pthread_exit value %ld\n", (long)r);
    pthread_create(&t, NULL, forever, NULL);
    usleep(5000);
    printf("main returns while a thread sleeps in a loop\n");
    return 5;
}
