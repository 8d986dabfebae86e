/* Structs passed by value through "...": small ones (in registers on x86-64),
 * big ones (in memory), mixed with ints and doubles, read back with va_arg, and
 * a va_list handed on to a helper. */
#include <stdio.h>
#include <stdarg.h>

struct point { int x, y; };
struct rgb { unsigned char r, g, b; };
struct big { long id; double w; char name[20]; };

static void show(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    for (const char *p = fmt; *p; p++) {
        switch (*p) {
        case 'p': { struct point q = va_arg(ap, struct point); printf("(%d,%d) ", q.x, q.y); break; }
        case 'c': { struct rgb c = va_arg(ap, struct rgb); printf("#%02x%02x%02x ", c.r, c.g, c.b); break; }
        case 'B': { struct big b = va_arg(ap, struct big); printf("[%ld %.2f %s] ", b.id, b.w, b.name); break; }
        case 'i': printf("%d ", va_arg(ap, int)); break;
        case 'd': printf("%.1f ", va_arg(ap, double)); break;
        }
    }
    va_end(ap);
    printf("\n");
}

static struct point sum_points(int n, ...) {
    va_list ap;
    va_start(ap, n);
    struct point s = { 0, 0 };
    for (int i = 0; i < n; i++) { struct point p = va_arg(ap, struct point); s.x += p.x; s.y += p.y; }
    va_end(ap);
    return s;
}

static long vtotal(int n, va_list ap) {
    long t = 0;
    for (int i = 0; i < n; i++) t += va_arg(ap, struct big).id;
    return t;
}

static long total(int n, ...) {
    va_list ap;
    va_start(ap, n);
    long t = vtotal(n, ap);
    va_end(ap);
    return t;
}

static struct point make(int x) { struct point p = { x, -x }; return p; }

int main(void) {
    struct point a = { 1, 2 }, b = { -3, 40 };
    struct rgb c = { 255, 128, 1 };
    struct big big1 = { 7, 2.5, "seven" }, big2 = { 1000000000000L, -1.25, "trillion" };
    show("pic", a, 42, c);
    show("dBpBi", 3.5, big1, b, big2, -1);
    struct point s = sum_points(4, a, b, make(5), (struct point){ 100, 200 });
    printf("sum (%d,%d)\n", s.x, s.y);
    printf("total %ld\n", total(2, big1, big2));
    return 0;
}
