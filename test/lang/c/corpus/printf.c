/* The printf family: conversions, flags, width, precision, length modifiers. */
#include <stdio.h>
#include <string.h>

int main(void) {
    printf("[%d] [%5d] [%-5d] [%05d] [%+d] [% d] [%.3d]\n", 42, 42, 42, 42, 42, 42, 7);
    printf("[%x] [%X] [%#x] [%o] [%#o] [%08x]\n", 255, 255, 255, 8, 8, 0xbeef);
    printf("[%u] [%lu] [%ld] [%lld] [%hd] [%hhu]\n", 4000000000u, 18446744073709551615UL, -5L, -9000000000LL, (short)70000, (unsigned char)300);
    printf("[%c%c%c] [%s] [%.3s] [%10s] [%-10s]\n", 'a', 'b', 'c', "hello", "hello", "right", "left");
    printf("[%f] [%.2f] [%10.3f] [%-10.1f] [%e] [%E] [%.0e]\n", 3.14159, 2.675, -1.5, 9.99, 12345.678, 0.000123, 5e10);
    printf("[%g] [%g] [%g] [%g] [%g] [%G]\n", 100000.0, 1000000.0, 0.0001, 0.00001, 1.5, 1e-10);
    printf("[%.0f] [%.0f] [%.0f] [%.1f] [%.2f]\n", 0.5, 1.5, 2.5, 0.05, 1.005);
    printf("[%5.1f%%] [%p] [%s]\n", 99.5, (void *)0, "end");
    printf("[%*d] [%-*d] [%.*f]\n", 6, 12, 6, 12, 2, 3.14159);
    char buf[64];
    int n = snprintf(buf, sizeof buf, "%s-%d-%.1f", "x", 7, 2.25);
    printf("snprintf -> \"%s\" (%d)\n", buf, n);
    n = snprintf(buf, 5, "%s", "truncated");
    printf("snprintf(5) -> \"%s\" (%d)\n", buf, n);
    sprintf(buf, "%08.3f|%+.2e", 3.14159, -123.456);
    puts(buf);
    printf("%d%%\n", 50);
    printf("%f %f %f\n", 1e20, 123456789.125, -0.0);
    printf("%.10f %.15g %.17g\n", 0.1, 0.1, 0.1);
    fputs("fputs line\n", stdout);
    putchar('!');
    putchar('\n');
    fprintf(stdout, "to stdout %d\n", 1);
    printf("strlen=%zu\n", strlen("abcdef"));
    return 0;
}
