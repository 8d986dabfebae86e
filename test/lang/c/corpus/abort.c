/* abort(): SIGABRT, status 134, after the output so far is written by the program itself. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    fprintf(stderr, "about to abort\n");
    abort();
}
