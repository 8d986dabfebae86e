/*
 * echo-epoll.c: one thread, non-blocking sockets, a level-triggered epoll
 * loop — the source twin of echo-epoll.ts. The listener is drained with
 * accept4(SOCK_NONBLOCK) on EPOLLIN; a readable connection gets one read and
 * the bytes are sent back; what does not fit in the send buffer waits for
 * EPOLLOUT in a per-connection buffer. EOF, ECONNRESET or EPIPE close the
 * connection and the loop goes on serving the others. Out of descriptors
 * (EMFILE), the listener leaves the epoll set for up to 100 ms, or until a
 * connection closes, instead of failing accept on every wakeup (as nginx
 * disables accept events); one line is logged per episode.
 * Usage: echo-epoll [port=8080] [backlog=4096]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include "accept-pause.h"

#define BUFSZ 2048
#define MAXEVENTS 256

/* Bytes read but not yet written back, per fd. */
struct pending { char *data; size_t len; };
static struct pending *pend;
static int npend;
static int ep;

static struct pending *pending_of(int fd) {
    if (fd >= npend) {
        int n = npend == 0 ? 1024 : npend;
        while (n <= fd) n *= 2;
        pend = realloc(pend, n * sizeof *pend);
        memset(pend + npend, 0, (n - npend) * sizeof *pend);
        npend = n;
    }
    return &pend[fd];
}

static void close_conn(int fd) {
    freed = 1;
    struct pending *p = pending_of(fd);
    if (p->data) { free(p->data); p->data = NULL; p->len = 0; }
    struct epoll_event ev = { 0 };
    epoll_ctl(ep, EPOLL_CTL_DEL, fd, &ev);
    close(fd);
}

/* Send len bytes; keep the rest for EPOLLOUT. 0 if the connection is gone. */
static int write_out(int fd, const char *data, size_t len) {
    size_t off = 0;
    while (off < len) {
        ssize_t w = send(fd, data + off, len - off, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) break;
            perror("write");
            return 0;
        }
        off += w;
    }
    if (off < len) {
        struct pending *p = pending_of(fd);
        p->data = malloc(len - off);
        memcpy(p->data, data + off, len - off);
        p->len = len - off;
        struct epoll_event ev = { .events = EPOLLOUT, .data.fd = fd };
        epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
    }
    return 1;
}

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 8080;
    int backlog = argc > 2 ? atoi(argv[2]) : 4096;
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (lfd < 0) { perror("socket"); return 1; }
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = INADDR_ANY };
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0) { perror("bind"); return 1; }
    if (listen(lfd, backlog) < 0) { perror("listen"); return 1; }
    ep = epoll_create1(0);
    if (ep < 0) { perror("epoll_create1"); return 1; }
    struct epoll_event lev = { .events = EPOLLIN, .data.fd = lfd };
    epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &lev);
    char *buf = malloc(BUFSZ);
    struct epoll_event events[MAXEVENTS];
    for (;;) {
        int n = epoll_wait(ep, events, MAXEVENTS, pause_timeout_ms());
        if (n < 0) {
            if (errno == EINTR) continue;
            perror("epoll_wait");
            return 1;
        }
        freed = 0;
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd == lfd) {
                for (;;) {
                    int cfd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
                    if (cfd < 0) {
                        if (errno == EINTR) continue;
                        if (!accept_failed(ep, lfd) && errno != EAGAIN) perror("accept4");
                        break;
                    }
                    logged = 0; /* the next failure starts a new episode */
                    struct epoll_event ev = { .events = EPOLLIN, .data.fd = cfd };
                    epoll_ctl(ep, EPOLL_CTL_ADD, cfd, &ev);
                }
                continue;
            }
            struct pending *p = pending_of(fd);
            if (p->data) {
                if (!(events[i].events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) continue;
                char *data = p->data;
                size_t len = p->len;
                p->data = NULL;
                p->len = 0;
                int ok = write_out(fd, data, len);
                free(data);
                if (!ok) { close_conn(fd); continue; }
                if (!pending_of(fd)->data) {
                    struct epoll_event ev = { .events = EPOLLIN, .data.fd = fd };
                    epoll_ctl(ep, EPOLL_CTL_MOD, fd, &ev);
                }
                continue;
            }
            ssize_t r = read(fd, buf, BUFSZ);
            if (r < 0) {
                if (errno == EAGAIN || errno == EINTR) continue;
                perror("read");
                close_conn(fd);
                continue;
            }
            if (r == 0) { close_conn(fd); continue; }
            if (!write_out(fd, buf, r)) close_conn(fd);
        }
        pause_poll(ep, lfd, &lev);
    }
}
