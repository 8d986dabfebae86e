/* The preprocessor: object- and function-like macros, # and ##, conditionals, __LINE__ and __FILE__. */
#include <stdio.h>

#define SQUARE(x) ((x) * (x))
#define STR(x) #x
#define XSTR(x) STR(x)
#define CAT(a, b) a ## b
#define VERSION 3
#define LOG(fmt, ...) printf("[%s:%d] " fmt "\n", __FILE__, __LINE__, __VA_ARGS__)
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define EMPTY
#define FOO FOO

#if VERSION >= 3 && defined(VERSION)
#define FEATURE "new"
#elif VERSION == 2
#define FEATURE "middle"
#else
#define FEATURE "old"
#endif

#ifndef NOT_DEFINED
#define GUARDED 1
#endif

#ifdef GUARDED
static int guarded = GUARDED;
#else
static int guarded = 0;
#endif

int main(void) {
    int CAT(my, var) = 12;
    printf("SQUARE(3+1)=%d\n", SQUARE(3 + 1));
    printf("STR(a + b)=%s XSTR(VERSION)=%s\n", STR(a + b), XSTR(VERSION));
    printf("myvar=%d FEATURE=%s guarded=%d\n", myvar, FEATURE, guarded);
    LOG("value %d and %s", 42, "text");
    printf("line %d\n", __LINE__);
    printf("MAX=%d EMPTY=[" STR(EMPTY) "]\n", MAX(3, 9) EMPTY);
    int FOO = 5;
    printf("FOO=%d\n", FOO);
#if 0
    this is not compiled
#endif
#define TWICE(x) (2 * (x))
#undef TWICE
#define TWICE(x) ((x) + (x))
    printf("TWICE(4)=%d\n", TWICE(4));
    return 0;
}
