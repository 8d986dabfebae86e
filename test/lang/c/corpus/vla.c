/* Variable-length arrays: sized at run time, sizeof computed when it runs, passed
 * to functions as pointers, one per loop iteration without the stack growing,
 * of structs and of fixed-size rows, and gone when their block is left by goto. */
#include <stdio.h>
#include <string.h>

struct cell { int v; char tag; };

static long sum(int n, const int a[n]) {
    long s = 0;
    for (int i = 0; i < n; i++) s += a[i];
    return s;
}

static int fill(int n) {
    int a[n];
    for (int i = 0; i < n; i++) a[i] = i * i;
    printf("n %d sizeof %zu sum %ld last %d\n", n, sizeof a, sum(n, a), a[n - 1]);
    return (int)(sizeof(a) / sizeof(a[0]));
}

static void matrix(int rows) {
    int m[rows][3];
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < 3; c++) m[r][c] = r * 10 + c;
    printf("rows %d sizeof %zu m[%d][2] %d\n", rows, sizeof m, rows - 1, m[rows - 1][2]);
}

int main(void) {
    printf("count %d\n", fill(5));
    fill(1000);
    matrix(4);
    /* 100,000 arrays of ~100 bytes: 10 MB, more than the 8 MiB stack, unless each is given back at the end of its iteration. */
    for (int k = 1; k <= 100000; k++) {
        char buf[k % 7 + 100];
        memset(buf, 'a' + k % 26, sizeof buf - 1);
        buf[sizeof buf - 1] = 0;
        if (k % 25000 == 0) printf("k %d strlen %zu first %c\n", k, strlen(buf), buf[0]);
    }
    int n = 3;
    struct cell cells[n];
    for (int i = 0; i < n; i++) { cells[i].v = i + 1; cells[i].tag = 'x' + i; }
    printf("cells %zu: %d%c %d%c %d%c\n", sizeof cells, cells[0].v, cells[0].tag, cells[1].v, cells[1].tag, cells[2].v, cells[2].tag);
    int tries = 0;
again:
    {
        double d[tries + 2];
        d[tries + 1] = tries * 1.5;
        if (++tries < 4) goto again;
        printf("tries %d d %.1f sizeof %zu\n", tries, d[tries], sizeof d);
    }
    return 0;
}
