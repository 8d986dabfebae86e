/* A NULL dereference: SIGSEGV, status 139. */
#include <stdio.h>

int main(void) {
    int *p = NULL;
    fprintf(stderr, "before\n");
    *p = 1;
    fprintf(stderr, "after\n");
    return 0;
}
