/* malloc, calloc, realloc, free: a growing vector and a linked list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct item { int key; struct item *next; };

int main(void) {
    size_t cap = 2, len = 0;
    int *v = malloc(cap * sizeof *v);
    for (int i = 0; i < 1000; i++) {
        if (len == cap) { cap *= 2; v = realloc(v, cap * sizeof *v); }
        v[len++] = i * i;
    }
    long sum = 0;
    for (size_t i = 0; i < len; i++) sum += v[i];
    printf("len %zu cap %zu sum %ld\n", len, cap, sum);
    free(v);
    int *z = calloc(100, sizeof(int));
    int nz = 0;
    for (int i = 0; i < 100; i++) nz += z[i] != 0;
    printf("calloc nonzero %d\n", nz);
    free(z);
    struct item *head = NULL;
    for (int i = 0; i < 10; i++) { struct item *it = malloc(sizeof *it); it->key = i; it->next = head; head = it; }
    int n = 0;
    while (head) { struct item *nx = head->next; n += head->key; free(head); head = nx; }
    printf("list %d\n", n);
    char *big = malloc(1 << 20);
    memset(big, 'x', 1 << 20);
    big[(1 << 20) - 1] = 0;
    printf("big strlen %zu\n", strlen(big));
    free(big);
    free(NULL);
    printf("done\n");
    return 0;
}
