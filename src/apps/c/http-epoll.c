/*
 * http-epoll.c: a minimal HTTP/1.1 server on one thread and epoll — the source
 * twin of http-epoll.ts. Requests (possibly pipelined, or arriving in pieces)
 * are parsed from what one read returns plus what was left over from the last;
 * GET / is answered 200 with a small body, other paths 404, other methods 405,
 * and garbage 400 (then the connection closes). Connections stay open unless
 * the client sends "Connection: close" or speaks HTTP/1.0 without
 * "Connection: keep-alive". Out of descriptors (EMFILE), the listener leaves
 * the epoll set for up to 100 ms, or until a connection closes
 * (accept-pause.h, shared with echo-epoll.c).
 * Usage: http-epoll [port=8080]
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include "accept-pause.h"

#define BUFSZ 4096
#define MAX_REQUEST 8192
#define MAXEVENTS 256

static const char BODY[] = "Hello from gomachine\n";

/* Request bytes received and not yet parsed, per fd: none until a request arrives in pieces. */
struct partial { char *data; size_t len; };
static struct partial *parts;
static int nparts;
static int ep;
static char *out;

static struct partial *partial_of(int fd) {
    if (fd >= nparts) {
        int n = nparts == 0 ? 1024 : nparts;
        while (n <= fd) n *= 2;
        parts = realloc(parts, n * sizeof *parts);
        memset(parts + nparts, 0, (n - nparts) * sizeof *parts);
        nparts = n;
    }
    return &parts[fd];
}

static void forget(struct partial *p) {
    free(p->data);
    p->data = NULL;
    p->len = 0;
}

static void close_conn(int fd) {
    freed = 1;
    forget(partial_of(fd));
    struct epoll_event ev = { 0 };
    epoll_ctl(ep, EPOLL_CTL_DEL, fd, &ev);
    close(fd);
}

/* Send a whole response (small: it fits the send buffer of an idle keep-alive connection). 0 if the connection is gone. */
static int reply(int fd, int status, const char *reason, const char *body, int keep) {
    int n = snprintf(out, BUFSZ, "HTTP/1.1 %d %s\r\nServer: gomachine-http-epoll\r\nContent-Type: text/plain\r\n"
                     "Content-Length: %zu\r\nConnection: %s\r\n\r\n%s",
                     status, reason, strlen(body), keep ? "keep-alive" : "close", body);
    int off = 0;
    while (off < n) {
        ssize_t w = send(fd, out + off, n - off, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            return 0;
        }
        off += w;
    }
    return 1;
}

/* The request line "METHOD SP target SP HTTP/1.x": the method and target spans and the minor version, or -1 if malformed. */
static int request_line(const char *s, size_t len, size_t *mlen, const char **target, size_t *tlen) {
    size_t i = 0;
    while (i < len && s[i] >= 'A' && s[i] <= 'Z') i++;
    if (i == 0 || i >= len || s[i] != ' ') return -1;
    *mlen = i++;
    size_t t = i;
    while (i < len && !isspace((unsigned char)s[i])) i++;
    if (i == t || len - i != 9 || memcmp(s + i, " HTTP/1.", 8) != 0) return -1;
    *target = s + t;
    *tlen = i - t;
    char v = s[len - 1];
    return v == '0' ? 0 : v == '1' ? 1 : -1;
}

/* Does a Connection header's token list (RFC 9112 §9.6: comma-separated, any case) name `token`? */
static int has_token(const char *v, size_t len, const char *token) {
    size_t n = strlen(token);
    size_t i = 0;
    while (i <= len) {
        size_t end = i;
        while (end < len && v[end] != ',') end++;
        size_t a = i, b = end;
        while (a < b && isspace((unsigned char)v[a])) a++;
        while (b > a && isspace((unsigned char)v[b - 1])) b--;
        if (b - a == n && strncasecmp(v + a, token, n) == 0) return 1;
        i = end + 1;
    }
    return 0;
}

/* Answer one request whose head is s[0..len) (without its blank line). 0 when the connection is to close. */
static int answer(int fd, const char *s, size_t len) {
    const char *eol = memmem(s, len, "\r\n", 2);
    size_t l0 = eol ? (size_t)(eol - s) : len;
    size_t mlen, tlen;
    const char *target;
    int minor = request_line(s, l0, &mlen, &target, &tlen);
    if (minor < 0) {
        reply(fd, 400, "Bad Request", "bad request\n", 0);
        return 0;
    }
    /* The Connection header may come more than once: every one counts. */
    int close_tok = 0, keep_tok = 0;
    size_t i = eol ? l0 + 2 : len;
    while (i < len) {
        const char *e = memmem(s + i, len - i, "\r\n", 2);
        size_t end = e ? (size_t)(e - s) : len;
        if (end - i >= 11 && strncasecmp(s + i, "connection:", 11) == 0) {
            close_tok |= has_token(s + i + 11, end - i - 11, "close");
            keep_tok |= has_token(s + i + 11, end - i - 11, "keep-alive");
        }
        i = end + 2;
    }
    int keep = minor == 1 ? !close_tok : keep_tok;
    int ok;
    if (mlen != 3 || memcmp(s, "GET", 3) != 0) ok = reply(fd, 405, "Method Not Allowed", "method not allowed\n", keep);
    else if (tlen != 1 || target[0] != '/') ok = reply(fd, 404, "Not Found", "not found\n", keep);
    else ok = reply(fd, 200, "OK", BODY, keep);
    return ok && keep;
}

/* n bytes arrived on fd: answer every complete request, keep the rest. */
static void serve(int fd, const char *buf, size_t n) {
    struct partial *p = partial_of(fd);
    const char *text = buf;
    size_t len = n;
    if (p->data) {
        p->data = realloc(p->data, p->len + n);
        memcpy(p->data + p->len, buf, n);
        p->len += n;
        text = p->data;
        len = p->len;
    }
    size_t off = 0;
    for (;;) {
        const char *end = memmem(text + off, len - off, "\r\n\r\n", 4);
        if (!end) break;
        size_t head = end - (text + off);
        if (!answer(fd, text + off, head)) { close_conn(fd); return; }
        off += head + 4;
    }
    size_t rest = len - off;
    if (rest > MAX_REQUEST) { close_conn(fd); return; }
    if (rest == 0) { forget(p); return; }
    if (p->data) {
        memmove(p->data, p->data + off, rest);
        p->len = rest;
    } else {
        p->data = malloc(rest);
        memcpy(p->data, text + off, rest);
        p->len = rest;
    }
}

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 8080;
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (lfd < 0) { perror("socket"); return 1; }
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = INADDR_ANY };
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0) { perror("bind"); return 1; }
    if (listen(lfd, 4096) < 0) { perror("listen"); return 1; }
    ep = epoll_create1(0);
    if (ep < 0) { perror("epoll_create1"); return 1; }
    struct epoll_event lev = { .events = EPOLLIN, .data.fd = lfd };
    epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &lev);
    char *buf = malloc(BUFSZ);
    out = malloc(BUFSZ);
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
                        accept_failed(ep, lfd);
                        break;
                    }
                    logged = 0; /* the next failure starts a new episode */
                    struct epoll_event ev = { .events = EPOLLIN, .data.fd = cfd };
                    epoll_ctl(ep, EPOLL_CTL_ADD, cfd, &ev);
                }
                continue;
            }
            ssize_t r = read(fd, buf, BUFSZ);
            if (r < 0 && (errno == EAGAIN || errno == EINTR)) continue;
            if (r <= 0) { close_conn(fd); continue; }
            serve(fd, buf, r);
        }
        pause_poll(ep, lfd, &lev);
    }
}
