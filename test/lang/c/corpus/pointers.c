/* Pointers and arrays: arithmetic, decay, 2-D arrays, pointers to pointers, function pointers, qsort. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_int(const void *a, const void *b) { int x = *(const int *)a, y = *(const int *)b; return (x > y) - (x < y); }
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }
static int twice(int x) { return 2 * x; }
static int square(int x) { return x * x; }
static void swap(int *a, int *b) { int t = *a; *a = *b; *b = t; }

int main(void) {
    int a[5] = { 5, 3, 9, 1, 7 };
    int *p = a;
    printf("a[2]=%d *(p+2)=%d 2[a]=%d p[4]=%d\n", a[2], *(p + 2), 2[a], p[4]);
    int *end = a + 5;
    printf("elements: %td, sizeof a %zu, sizeof p %zu\n", end - a, sizeof a, sizeof p);
    swap(&a[0], &a[4]);
    printf("swapped: %d %d\n", a[0], a[4]);
    qsort(a, 5, sizeof a[0], cmp_int);
    for (int i = 0; i < 5; i++) printf("%d%c", a[i], i == 4 ? '\n' : ' ');
    int grid[3][4];
    for (int i = 0; i < 3; i++) for (int j = 0; j < 4; j++) grid[i][j] = i * 10 + j;
    printf("grid[2][3]=%d sizeof grid=%zu sizeof grid[0]=%zu\n", grid[2][3], sizeof grid, sizeof grid[0]);
    int (*row)[4] = grid + 1;
    printf("row[0][2]=%d\n", row[0][2]);
    const char *words[] = { "pear", "apple", "fig", "banana" };
    qsort(words, 4, sizeof words[0], cmp_str);
    for (int i = 0; i < 4; i++) printf("%s ", words[i]);
    printf("\n");
    int (*ops[2])(int) = { twice, square };
    for (int i = 0; i < 2; i++) printf("op%d(7)=%d\n", i, ops[i](7));
    int (*f)(int) = &square;
    printf("(*f)(9)=%d\n", (*f)(9));
    char s[] = "hello, world";
    char *q = strchr(s, ',');
    *q = '\0';
    printf("%s|%s|%zu\n", s, q + 2, strlen(s));
    int **pp = malloc(3 * sizeof(int *));
    for (int i = 0; i < 3; i++) { pp[i] = malloc(sizeof(int)); *pp[i] = i * i; }
    printf("%d %d %d\n", *pp[0], *pp[1], *pp[2]);
    for (int i = 0; i < 3; i++) free(pp[i]);
    free(pp);
    char *dup = strdup("duplicate");
    dup[0] = 'D';
    printf("%s %d\n", dup, strcmp(dup, "duplicate") < 0);
    free(dup);
    void *vp = a;
    printf("void* arith: %d\n", *(int *)((char *)vp + sizeof(int)));
    return 0;
}
