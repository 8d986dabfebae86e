/*
 * echo-threads.c: the thread-per-connection echo server in plain C, the source
 * twin of echo-threads.ts. main accepts in a loop and starts one detached
 * pthread per connection; each thread does blocking read/write on its socket
 * until the peer closes (or resets), then closes it. SIGPIPE is ignored, as
 * servers do, so a vanished peer is an EPIPE to report. Out of descriptors
 * (EMFILE), accept backs off instead of spinning.
 * Usage: echo-threads [port=8080] [backlog=4096]
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define BUFSZ 2048

static void *handler(void *arg) {
    int fd = (int)(long)arg;
    char buf[BUFSZ];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            perror("read");
            break;
        }
        if (n == 0) break;
        ssize_t off = 0;
        while (off < n) {
            ssize_t w = write(fd, buf + off, n - off);
            if (w < 0) {
                if (errno == EINTR) continue;
                perror("write");
                break;
            }
            off += w;
        }
        if (off < n) break;
    }
    close(fd);
    return NULL;
}

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 8080;
    int backlog = argc > 2 ? atoi(argv[2]) : 4096;
    signal(SIGPIPE, SIG_IGN);
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lfd < 0) { perror("socket"); return 1; }
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = INADDR_ANY };
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0) { perror("bind"); return 1; }
    if (listen(lfd, backlog) < 0) { perror("listen"); return 1; }
    long delay_us = 0;
    for (;;) {
        int fd = accept(lfd, NULL, NULL);
        if (fd < 0) {
            if (errno == EINTR) continue;
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                /* Out of descriptors: back off 5 ms, doubling to 1 s, as Go's net/http does; log once. */
                if (delay_us == 0) perror("accept (retrying with a backoff of 5 ms to 1 s)");
                delay_us = delay_us == 0 ? 5000 : (delay_us >= 500000 ? 1000000 : delay_us * 2);
                usleep(delay_us);
                continue;
            }
            perror("accept");
            continue;
        }
        delay_us = 0;
        pthread_t t;
        int r = pthread_create(&t, NULL, handler, (void *)(long)fd);
        if (r != 0) {
            fprintf(stderr, "pthread_create: error %d\n", r);
            close(fd);
            continue;
        }
        pthread_detach(t);
    }
}
