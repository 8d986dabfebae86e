/* exit() runs atexit handlers in reverse order and flushes stdio; the status is the low byte. */
#include <stdio.h>
#include <stdlib.h>

static void first(void) { printf("first registered, last run\n"); }
static void second(void) { printf("second registered, first run\n"); }

int main(void) {
    atexit(first);
    atexit(second);
    printf("partial line without newline... ");
    exit(300);
}
