/* C11 atomics on 8-byte (and 1- and 2-byte) objects: a 64-bit counter shared by
 * threads, values past 2^32 and 2^53, unsigned wrap-around, a CAS loop, a flag,
 * an atomic pointer. */
#include <stdio.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <pthread.h>

static atomic_long total;
static atomic_ullong bits;
static atomic_bool ready;
static _Atomic(int *) slot;
static atomic_short small;

static void *work(void *arg) {
    long step = (long)arg;
    for (int i = 0; i < 500; i++) {
        atomic_fetch_add(&total, step);
        atomic_fetch_or(&bits, 1ULL << (step % 64));
        atomic_fetch_add(&small, 1);
    }
    return NULL;
}

/* Double a value with compare-exchange until it sticks. */
static long double_it(atomic_long *p) {
    long old = atomic_load(p);
    while (!atomic_compare_exchange_weak(p, &old, old * 2)) { }
    return old * 2;
}

int main(void) {
    pthread_t t[4];
    long steps[4] = { 1, 1L << 33, 3, 1L << 40 };
    for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, work, (void *)steps[i]);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    printf("total %ld\n", atomic_load(&total));
    printf("bits %#llx\n", (unsigned long long)atomic_load(&bits));
    printf("small %d\n", atomic_load(&small));

    atomic_store(&total, 1L << 52);
    printf("doubled %ld\n", double_it(&total));
    printf("doubled %ld\n", double_it(&total));
    printf("fetch_sub old %ld now %ld\n", atomic_fetch_sub(&total, (1L << 54) + 1), atomic_load(&total));

    atomic_ullong u = 0;
    printf("wrap old %llu now %llu\n", atomic_fetch_sub(&u, 1), atomic_load(&u));
    unsigned long long want = 5;
    bool ok = atomic_compare_exchange_strong(&u, &want, 7);
    printf("cas %d want %llu\n", ok, want);
    printf("exchange %llu now %llu\n", atomic_exchange(&u, 0x123456789abcdefULL), atomic_load(&u));
    printf("and %#llx xor %#llx\n", atomic_fetch_and(&u, 0xff00ff00ff00ff00ULL), atomic_fetch_xor(&u, ~0ULL));
    printf("u %#llx\n", atomic_load(&u));

    printf("ready %d\n", atomic_exchange(&ready, true));
    printf("ready %d\n", atomic_load(&ready));
    int x = 42;
    int *prev = atomic_exchange(&slot, &x);
    printf("slot was %s, now holds %d\n", prev == NULL ? "NULL" : "set", *atomic_load(&slot));
    atomic_flag f = ATOMIC_FLAG_INIT;
    printf("flag %d %d\n", atomic_flag_test_and_set(&f), atomic_flag_test_and_set(&f));
    atomic_flag_clear(&f);
    printf("flag %d\n", atomic_flag_test_and_set(&f));
    return 0;
}
