/* Unbounded recursion runs off the 8 MiB stack: SIGSEGV, status 139. */
#include <stdio.h>

static int depth(int n) {
    volatile char pad[256];
    pad[0] = (char)n;
    return depth(n + 1) + pad[0];
}

int main(void) {
    fprintf(stderr, "recursing\n");
    return depth(0);
}
