/* string.h and stdlib.h conversions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>

int main(void) {
    char buf[64] = "alpha";
    strcat(buf, "-beta");
    strncat(buf, "-gammadelta", 6);
    printf("%s (%zu)\n", buf, strlen(buf));
    printf("cmp %d %d %d\n", strcmp("abc", "abd") < 0, strcmp("b", "a") > 0, strncmp("abcx", "abcy", 3));
    printf("strstr %s, strrchr %s\n", strstr(buf, "beta"), strrchr(buf, '-'));
    char copy[8];
    strncpy(copy, "truncate me", sizeof copy - 1);
    copy[7] = 0;
    printf("strncpy %s\n", copy);
    printf("atoi %d %d, strtol %ld, strtoul 0x%lx\n", atoi("  -42xyz"), atoi("17"), strtol("0x1F", NULL, 16), strtoul("ffffffff", NULL, 16));
    char *end;
    long v = strtol("123abc", &end, 10);
    printf("strtol 123abc -> %ld rest '%s'\n", v, end);
    errno = 0;
    long huge = strtol("99999999999999999999", NULL, 10);
    printf("overflow %ld errno=%d (%s)\n", huge, errno, strerror(errno));
    printf("strtod %.3f\n", strtod("3.25e2", NULL));
    char up[16];
    const char *src = "MiXeD 123";
    size_t i;
    for (i = 0; src[i]; i++) up[i] = toupper((unsigned char)src[i]);
    up[i] = 0;
    printf("%s\n", up);
    char line[] = "a,b,,c";
    for (char *t = strtok(line, ","); t; t = strtok(NULL, ",")) printf("[%s]", t);
    printf("\n");
    char mem[8];
    memset(mem, 'A', sizeof mem);
    memcpy(mem + 2, "xyz", 3);
    printf("%.8s %d\n", mem, memcmp("abc", "abd", 3) < 0);
    memmove(mem + 1, mem, 4);
    printf("%.8s\n", mem);
    srand(1);
    int r1 = rand(), r2 = rand(), r3 = rand();
    printf("rand %d %d %d\n", r1, r2, r3);
    return 0;
}
