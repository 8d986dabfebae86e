/* math.h and the clocks: values, and time that moves forward by what nanosleep asked. */
#include <stdio.h>
#include <math.h>
#include <time.h>
#include <sys/time.h>
#include <unistd.h>

int main(void) {
    printf("sqrt(2)=%.15f pow(2,10)=%.0f floor(-2.5)=%.0f ceil(2.1)=%.0f fabs(-3)=%.1f fmod(7,3)=%.1f\n",
           sqrt(2.0), pow(2, 10), floor(-2.5), ceil(2.1), fabs(-3.0), fmod(7.0, 3.0));
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    struct timespec d = { 0, 20 * 1000 * 1000 };
    nanosleep(&d, NULL);
    usleep(10000);
    clock_gettime(CLOCK_MONOTONIC, &b);
    long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    printf("slept at least 30 ms: %d, under 1 s: %d\n", ms >= 30, ms < 1000);
    struct timeval tv;
    gettimeofday(&tv, NULL);
    time_t now = time(NULL);
    printf("gettimeofday and time agree: %d, after 2020: %d\n", (long)tv.tv_sec - (long)now <= 1, now > 1577836800L);
    return 0;
}
