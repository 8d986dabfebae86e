/* Integer types: x86-64 sizes, unsigned wrap-around, conversions, promotions. */
#include <stdio.h>
#include <limits.h>
#include <stdint.h>

int main(void) {
    printf("sizes: char %zu short %zu int %zu long %zu long long %zu ptr %zu\n",
           sizeof(char), sizeof(short), sizeof(int), sizeof(long), sizeof(long long), sizeof(void *));
    unsigned int u = 0;
    u = u - 1;
    printf("0u - 1 = %u\n", u);
    unsigned char c = 250;
    c += 10;
    printf("uchar 250 + 10 = %d\n", c);
    signed char s = 127;
    s++;
    printf("schar 127 + 1 = %d\n", s);
    int big = INT_MAX;
    long widened = (long)big + 1;
    printf("INT_MAX + 1 as long = %ld\n", widened);
    printf("-1 < 0u is %d\n", -1 < 0u);
    printf("-1 < 0 is %d\n", -1 < 0);
    printf("(unsigned)-1 = %u, as long %ld\n", (unsigned)-1, (long)(unsigned)-1);
    unsigned long ul = 0;
    ul--;
    printf("0ul - 1 = %lu\n", ul);
    uint64_t h = 14695981039346656037UL;
    const char *p = "hello";
    while (*p) { h ^= (unsigned char)*p++; h *= 1099511628211UL; }
    printf("fnv1a(hello) = %lu = 0x%lx\n", h, h);
    long long m = LLONG_MIN;
    printf("LLONG_MIN = %lld, LLONG_MAX = %lld\n", m, LLONG_MAX);
    printf("7 / -2 = %d, 7 %% -2 = %d, -7 / 2 = %d, -7 %% 2 = %d\n", 7 / -2, 7 % -2, -7 / 2, -7 % 2);
    printf("1 << 31 = %d, 1u << 31 = %u, -16 >> 2 = %d, 0x80000000u >> 4 = %x\n", 1 << 31, 1u << 31, -16 >> 2, 0x80000000u >> 4);
    short sh = -2;
    unsigned short us = sh;
    printf("short -2 as unsigned short = %d, back %d\n", us, (short)us);
    int i = 300;
    char ch = i;
    printf("(char)300 = %d\n", ch);
    double d = 3.99;
    printf("(int)3.99 = %d, (int)-3.99 = %d\n", (int)d, (int)-d);
    printf("sizeof(1 ? 1 : 2L) = %zu, sizeof('a') = %zu\n", sizeof(1 ? 1 : 2L), sizeof('a'));
    uint32_t x = 0xdeadbeef;
    printf("rotl = %08x, bswap-ish = %08x\n", (x << 8) | (x >> 24), ((x & 0xff) << 24) | ((x >> 8) & 0xff) << 16);
    long fact = 1;
    for (int k = 1; k <= 20; k++) fact *= k;
    printf("20! = %ld\n", fact);
    unsigned long long over = 1;
    for (int k = 1; k <= 25; k++) over *= k;
    printf("25! mod 2^64 = %llu\n", over);
    return 0;
}
