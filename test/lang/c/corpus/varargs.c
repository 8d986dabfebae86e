/* Variadic functions of the program's own, and vprintf/vsnprintf. */
#include <stdio.h>
#include <stdarg.h>

static int sum(int n, ...) {
    va_list ap;
    va_start(ap, n);
    int s = 0;
    for (int i = 0; i < n; i++) s += va_arg(ap, int);
    va_end(ap);
    return s;
}

static double mean(int n, ...) {
    va_list ap;
    va_start(ap, n);
    double s = 0;
    for (int i = 0; i < n; i++) s += va_arg(ap, double);
    va_end(ap);
    return s / n;
}

static void logf_(const char *level, const char *fmt, ...) {
    char buf[128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    printf("%s: %s\n", level, buf);
}

static void out(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
}

int main(void) {
    printf("sum=%d\n", sum(4, 1, 2, 3, 4));
    printf("mean=%.3f\n", mean(3, 1.0, 2.5, 4.0));
    logf_("info", "%s has %d items costing %.2f", "cart", 3, 9.5);
    out("%ld|%c|%s\n", 1234567890123L, 'z', "done");
    return 0;
}
