/*
 * accept-pause.h: what the epoll servers do when accept fails for want of a
 * resource — EMFILE (the process is at RLIMIT_NOFILE), ENFILE, ENOBUFS, ENOMEM
 * — as nginx does: stop watching the listener for a while
 * (ngx_disable_accept_events) instead of trying again at once. The listener
 * stays readable while the queue holds connections, so a level-triggered loop
 * that only logged and went on would wake, fail and log forever without ever
 * serving the clients it has. The pause ends after PAUSE_NS, or as soon as one
 * of the server's connections closes (`freed`: a descriptor is free again).
 * One line is logged per episode, not one per failure. The C twin of
 * accept-pause.ts; one server per program includes it.
 */
#ifndef ACCEPT_PAUSE_H
#define ACCEPT_PAUSE_H
#include <errno.h>
#include <stdio.h>
#include <time.h>
#include <sys/epoll.h>

#define PAUSE_NS 100000000LL

/* Accepting paused until resume_at, or until a connection closes (the server sets freed). */
static int paused, logged, freed;
static long long resume_at;

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The epoll_wait timeout: -1 while accepting, else the ms left of the pause. */
static int pause_timeout_ms(void) {
    if (!paused) return -1;
    long long left = resume_at - now_ns();
    return left <= 0 ? 0 : (int)((left + 999999) / 1000000);
}

/* accept4 failed (errno says why): 1, and accepting pauses, if it was for want of a resource. */
static int accept_failed(int ep, int lfd) {
    if (errno != EMFILE && errno != ENFILE && errno != ENOBUFS && errno != ENOMEM) return 0;
    if (!logged) { logged = 1; perror("accept4 (not accepting for up to 100 ms, or until a connection closes)"); }
    if (!paused) { paused = 1; struct epoll_event none = { 0 }; epoll_ctl(ep, EPOLL_CTL_DEL, lfd, &none); }
    resume_at = now_ns() + PAUSE_NS;
    return 1;
}

/* After a round of events: watch the listener again when the pause is over or a connection closed. */
static void pause_poll(int ep, int lfd, struct epoll_event *lev) {
    if (paused && (freed || now_ns() >= resume_at)) {
        paused = 0;
        epoll_ctl(ep, EPOLL_CTL_ADD, lfd, lev);
    }
}
#endif
