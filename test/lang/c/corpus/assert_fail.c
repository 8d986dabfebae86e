/* A failing assert prints glibc's message and aborts. */
#include <assert.h>
#include <stdio.h>

static int half(int x) { assert(x % 2 == 0); return x / 2; }

int main(void) {
    printf("%d\n", half(8));
    fflush(stdout);
    printf("%d\n", half(7));
    return 0;
}
