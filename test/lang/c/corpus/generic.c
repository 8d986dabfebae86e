/* C11 _Generic: a type-name macro, a type-generic absolute value, and what the
 * controlling expression becomes (arrays and functions decay, char stays char,
 * it is never evaluated). */
#include <stdio.h>
#include <stdbool.h>

struct point { int x, y; };
enum color { RED, GREEN };

#define TYPE_NAME(x) _Generic((x), \
    _Bool: "_Bool", char: "char", signed char: "signed char", unsigned char: "unsigned char", \
    short: "short", unsigned short: "unsigned short", int: "int", unsigned int: "unsigned int", \
    long: "long", unsigned long: "unsigned long", long long: "long long", unsigned long long: "unsigned long long", \
    float: "float", double: "double", char *: "char *", int *: "int *", void *: "void *", \
    struct point: "struct point", struct point *: "struct point *", int (*)(void): "int (*)(void)", \
    default: "something else")

#define ABS(x) _Generic((x), int: abs_i, long: abs_l, double: abs_d)(x)
static int abs_i(int x) { return x < 0 ? -x : x; }
static long abs_l(long x) { return x < 0 ? -x : x; }
static double abs_d(double x) { return x < 0 ? -x : x; }

static int seven(void) { return 7; }

int main(void) {
    char c = 'a'; signed char sc = 1; unsigned char uc = 2; short s = 3; unsigned short us = 4;
    unsigned u = 5; long l = 6; unsigned long ul = 7; long long ll = 8; unsigned long long ull = 9;
    float f = 1.5f; double d = 2.5; bool b = true; int arr[3] = {0}; struct point p = {1, 2};
    enum color col = GREEN; long double ld = 1.0L;
    printf("%s %s %s %s %s %s\n", TYPE_NAME(b), TYPE_NAME(c), TYPE_NAME(sc), TYPE_NAME(uc), TYPE_NAME(s), TYPE_NAME(us));
    printf("%s %s %s %s %s %s\n", TYPE_NAME(1), TYPE_NAME(u), TYPE_NAME(l), TYPE_NAME(ul), TYPE_NAME(ll), TYPE_NAME(ull));
    printf("%s %s %s %s\n", TYPE_NAME(f), TYPE_NAME(d), TYPE_NAME(1.0f), TYPE_NAME(ld));
    printf("%s %s %s %s\n", TYPE_NAME("str"), TYPE_NAME(arr), TYPE_NAME(&arr[1]), TYPE_NAME((void *)0));
    printf("%s %s %s %s\n", TYPE_NAME(p), TYPE_NAME(&p), TYPE_NAME(seven), TYPE_NAME(col));
    printf("%s %s %s\n", TYPE_NAME(c + 1), TYPE_NAME(s * 2), TYPE_NAME(u + 1L));
    printf("%d %ld %.2f\n", ABS(-3), ABS(-40L), ABS(-2.25));
    int i = 10;
    int r = _Generic(i++, int: 100, default: 200);
    printf("r %d i %d\n", r, i);
    printf("%d\n", _Generic(&seven, int (*)(void): seven(), default: -1));
    return 0;
}
