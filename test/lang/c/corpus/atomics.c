/* C11 atomics: a lock-free counter and compare-exchange. */
#include <stdio.h>
#include <stdatomic.h>
#include <pthread.h>

static atomic_int hits;

static void *bump(void *arg) {
    (void)arg;
    for (int i = 0; i < 1000; i++) atomic_fetch_add(&hits, 1);
    return NULL;
}

int main(void) {
    pthread_t t[3];
    for (int i = 0; i < 3; i++) pthread_create(&t[i], NULL, bump, NULL);
    for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
    printf("hits %d\n", atomic_load(&hits));
    int expected = 3000;
    int ok = atomic_compare_exchange_strong(&hits, &expected, 1);
    printf("cas ok %d now %d\n", ok, atomic_load(&hits));
    expected = 5;
    ok = atomic_compare_exchange_strong(&hits, &expected, 9);
    printf("cas ok %d expected now %d\n", ok, expected);
    printf("exchange old %d\n", atomic_exchange(&hits, 42));
    printf("final %d\n", atomic_load(&hits));
    return 0;
}
