/* Control flow: switch with fall-through, goto, loops, break/continue, recursion, static locals, globals. */
#include <stdio.h>

int counter = 10;
static int calls;

static const char *name(int n) {
    switch (n) {
    case 0: return "zero";
    case 1: case 2: return "small";
    case 3:
        calls++;
        /* fall through */
    case 4: return "three-or-four";
    default: return "many";
    }
}

static int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static int next_id(void) { static int id = 100; return id++; }

static int find(const int *v, int n, int want) {
    int i;
    for (i = 0; i < n; i++)
        if (v[i] == want) goto found;
    return -1;
found:
    return i;
}

int main(void) {
    for (int i = 0; i <= 5; i++) printf("%d:%s ", i, name(i));
    printf("\ncalls=%d\n", calls);
    printf("fib(20)=%d\n", fib(20));
    printf("ids %d %d %d\n", next_id(), next_id(), next_id());
    int v[] = { 4, 8, 15, 16, 23, 42 };
    printf("find 16 -> %d, find 5 -> %d\n", find(v, 6, 16), find(v, 6, 5));
    int total = 0;
    for (int i = 0; i < 100; i++) {
        if (i % 3 == 0) continue;
        if (i > 50) break;
        total += i;
    }
    printf("total %d\n", total);
    int k = 0;
    do { k += 7; } while (k < 30);
    printf("k %d\n", k);
    int n = 27, steps = 0;
    while (n != 1) { n = n % 2 ? 3 * n + 1 : n / 2; steps++; }
    printf("collatz(27) steps %d\n", steps);
    counter += 5;
    printf("counter %d\n", counter);
    int x = 5;
    int y = (x++, x++, x);
    printf("comma %d %d, ternary %s\n", x, y, x > 6 ? "big" : "small");
    return 0;
}
