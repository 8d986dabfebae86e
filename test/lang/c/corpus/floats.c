/* float and double: arithmetic, conversions, rounding, special values. */
#include <stdio.h>

int main(void) {
    float f = 0.1f;
    double d = 0.1;
    printf("%.10f %.20f\n", f, d);
    printf("float sum %.9g, double sum %.17g\n", f + f + f, d + d + d);
    float third = 1.0f / 3.0f;
    printf("%.9g %a\n", third, 1.0 / 3.0);
    double big = 1e308;
    printf("%g %g %g\n", big * 10, -big * 10, 0.0 / 1.0);
    int i = 7;
    double q = i / 2;
    double r = i / 2.0;
    printf("%f %f\n", q, r);
    printf("(float)16777217 = %.1f\n", (float)16777217);
    long l = 9007199254740993L;
    printf("(double)2^53+1 = %.1f\n", (double)l);
    unsigned u = 3000000000u;
    printf("(double)3000000000u = %.1f\n", (double)u);
    printf("(unsigned)3.7e9 = %u\n", (unsigned)3.7e9);
    double acc = 0;
    for (int k = 1; k <= 1000; k++) acc += 1.0 / k;
    printf("H(1000) = %.12f\n", acc);
    printf("%e %e\n", 1.0e-300 * 1e-10, 123.0e50);
    return 0;
}
