/* Bit-fields as gcc lays them out on x86-64 (System V): packing into storage
 * units, a field that does not fit starting the next unit, :0, unnamed fields,
 * signed fields sign-extending, unsigned ones wrapping, promotion to int, and
 * the bytes in memory. */
#include <stdio.h>
#include <string.h>
#include <stdbool.h>

struct flags { unsigned a : 1, b : 2, c : 5; unsigned d : 24; };
struct mixed { char tag; int lo : 4; int hi : 28; short s : 3; };
struct spill { unsigned x : 30; unsigned y : 4; };
struct zero { char a : 3; int : 0; char b : 3; };
struct unnamed { char a; int : 4; char b; };
struct wide { unsigned long long v : 40; unsigned long long w : 24; long long neg : 20; };
struct tiny { bool on : 1; unsigned char level : 3; signed char delta : 4; };
union u { unsigned word; struct { unsigned lo : 16, hi : 16; } half; int sbits : 5; };

static void dump(const char *name, const void *p, size_t n) {
    const unsigned char *b = p;
    printf("%-8s size %2zu:", name, n);
    for (size_t i = 0; i < n; i++) printf(" %02x", b[i]);
    printf("\n");
}

int main(void) {
    struct flags f = { 1, 2, 17, 0xabcdef };
    dump("flags", &f, sizeof f);
    printf("a %u b %u c %u d %#x\n", f.a, f.b, f.c, f.d);
    f.b = 7;           /* 2 bits: 7 wraps to 3 */
    f.c += 20;         /* 5 bits: 37 wraps to 5 */
    f.d++;
    printf("a %u b %u c %u d %#x\n", f.a, f.b, f.c, f.d);
    printf("promoted: %d %d\n", f.b - 5, f.a - 2);

    struct mixed m = { .tag = 'x', .lo = -3, .hi = 100000000, .s = 3 };
    dump("mixed", &m, sizeof m);
    printf("lo %d hi %d s %d\n", m.lo, m.hi, m.s);
    m.lo = 9;          /* 4 signed bits: 9 is -7 */
    m.s = m.s + 1;     /* 3 signed bits: 4 is -4 */
    int r = (m.hi = -1);
    printf("lo %d s %d hi %d r %d\n", m.lo, m.s, m.hi, r);

    struct spill sp = { 0x3fffffff, 9 };
    dump("spill", &sp, sizeof sp);
    struct zero z = { 5, 6 };
    dump("zero", &z, sizeof z);
    struct unnamed un = { 1, 2 };
    dump("unnamed", &un, sizeof un);

    struct wide w = { 0xffffffffffULL, 0x123456, -5 };
    dump("wide", &w, sizeof w);
    w.v += 2;
    printf("v %llx w %llx neg %lld\n", (unsigned long long)w.v, (unsigned long long)w.w, (long long)w.neg);

    struct tiny t = { true, 5, -8 };
    dump("tiny", &t, sizeof t);
    t.level = t.level * 3;
    t.delta--;
    printf("on %d level %d delta %d\n", t.on, t.level, t.delta);

    union u x;
    x.word = 0x12345678;
    printf("lo %#x hi %#x sbits %d size %zu\n", x.half.lo, x.half.hi, x.sbits, sizeof x);

    struct flags copy = f;
    copy.a = 0;
    printf("copy a %u, f a %u, equal bytes after reset %d\n", copy.a, f.a, (copy.a = 1, memcmp(&copy, &f, sizeof f) == 0));
    struct flags *pf = &f;
    pf->c = 31;
    printf("through a pointer %u, sizeof %zu %zu %zu %zu %zu\n", pf->c, sizeof(struct mixed), sizeof(struct zero), sizeof(struct unnamed), sizeof(struct wide), sizeof(struct tiny));
    return 0;
}
