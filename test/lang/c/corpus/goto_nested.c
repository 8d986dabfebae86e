/* goto into and out of nested blocks and loops, a retry loop made of gotos,
 * cleanup chains, and Duff's device (case labels inside a do-while). */
#include <stdio.h>
#include <stdlib.h>

/* Out of two nested loops at once. */
static int find(int m[3][4], int want, int *ri, int *rj) {
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 4; j++)
            if (m[i][j] == want) { *ri = i; *rj = j; goto found; }
    return 0;
found:
    return 1;
}

/* Into the middle of a loop body: the first pass skips its head. */
static void into_loop(int n) {
    int i = 0;
    goto middle;
    while (i < n) {
        printf("head %d ", i);
    middle:
        printf("tail %d ", i);
        i++;
    }
    printf("\n");
}

/* Into an if's else branch and into a nested block, with continue and break around. */
static int classify(int x) {
    int r = 0;
    if (x < 0) goto negative;
    if (x > 100) {
        r = 1;
    } else {
    negative:
        r += 10;
        {
            int k = 0;
        inner:
            k++;
            r += k;
            if (k < 3) goto inner;
        }
    }
    for (int i = 0; i < 5; i++) {
        if (i == 1) continue;
        if (i == 4) break;
        r += 100;
        if (r > 10000) goto done;
    }
done:
    return r;
}

/* The retry pattern, and cleanup on the way out. */
static int work(int fail_at) {
    int attempts = 0;
    char *a = NULL, *b = NULL;
retry:
    attempts++;
    if (attempts < 3) goto retry;
    a = malloc(16);
    if (fail_at == 1) goto out_a;
    b = malloc(16);
    if (fail_at == 2) goto out_b;
    printf("work done after %d attempts\n", attempts);
    free(b);
out_b:
    free(a);
out_a:
    return fail_at == 0 ? 0 : -fail_at;
}

/* Duff's device: copy n bytes with the loop unrolled by 4. */
static void duff(char *to, const char *from, int count) {
    int n = (count + 3) / 4;
    switch (count % 4) {
    case 0: do { *to++ = *from++;
    case 3:      *to++ = *from++;
    case 2:      *to++ = *from++;
    case 1:      *to++ = *from++;
            } while (--n > 0);
    }
}

/* A switch whose cases sit inside an if, with a break out of the switch from deep inside. */
static const char *deep(int v) {
    const char *s = "none";
    switch (v) {
    case 1:
        if (v) {
    case 2:
            s = v == 1 ? "one" : "two";
            for (;;) { if (v == 2) break; break; }
            break;
        }
        s = "unreached";
        break;
    default:
        s = "other";
    }
    return s;
}

int main(void) {
    int m[3][4] = { { 1, 2, 3, 4 }, { 5, 6, 7, 8 }, { 9, 10, 11, 12 } };
    int i = -1, j = -1;
    printf("find 7: %d at %d,%d\n", find(m, 7, &i, &j), i, j);
    printf("find 13: %d\n", find(m, 13, &i, &j));
    into_loop(3);
    printf("classify %d %d %d\n", classify(-5), classify(50), classify(500));
    printf("work %d %d %d\n", work(0), work(1), work(2));
    for (int n = 0; n <= 9; n++) {
        char dst[16] = { 0 };
        duff(dst, "abcdefghi", n);
        printf("[%s]", dst);
    }
    printf("\n");
    printf("%s %s %s\n", deep(1), deep(2), deep(3));
    return 0;
}
