/* glibc's malloc detects a double free and aborts. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    char *p = malloc(32);
    free(p);
    fprintf(stderr, "freeing again\n");
    free(p);
    return 0;
}
