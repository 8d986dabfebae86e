/* The system headers' types have glibc's sizes and layouts on x86-64. */
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <limits.h>
#include <time.h>
#include <signal.h>
#include <pthread.h>
#include <semaphore.h>
#include <poll.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/socket.h>
#include <sys/epoll.h>
#include <netinet/in.h>
#include <arpa/inet.h>

_Static_assert(sizeof(struct epoll_event) == 12, "epoll_event is packed");

int main(void) {
    printf("epoll_event %zu data at %zu\n", sizeof(struct epoll_event), offsetof(struct epoll_event, data));
    printf("sockaddr_in %zu port at %zu addr at %zu; sockaddr %zu; storage %zu\n", sizeof(struct sockaddr_in),
           offsetof(struct sockaddr_in, sin_port), offsetof(struct sockaddr_in, sin_addr), sizeof(struct sockaddr), sizeof(struct sockaddr_storage));
    printf("pthread_t %zu mutex %zu cond %zu attr %zu sem %zu\n", sizeof(pthread_t), sizeof(pthread_mutex_t), sizeof(pthread_cond_t), sizeof(pthread_attr_t), sizeof(sem_t));
    printf("timespec %zu timeval %zu stat %zu st_size at %zu st_mtim at %zu\n", sizeof(struct timespec), sizeof(struct timeval), sizeof(struct stat),
           offsetof(struct stat, st_size), offsetof(struct stat, st_mtim));
    printf("sigset_t %zu sigaction %zu sa_flags at %zu pollfd %zu\n", sizeof(sigset_t), sizeof(struct sigaction), offsetof(struct sigaction, sa_flags), sizeof(struct pollfd));
    printf("bool %zu true %d INT_MAX %d UINT_MAX %u LONG_MIN %ld SIZE_MAX %zu\n", sizeof(bool), true, INT_MAX, UINT_MAX, LONG_MIN, SIZE_MAX);
    printf("htons(8080) 0x%x htonl(1) 0x%x INADDR_LOOPBACK 0x%x\n", htons(8080), htonl(1), INADDR_LOOPBACK);
    struct in_addr a;
    inet_pton(AF_INET, "10.0.0.1", &a);
    printf("inet_pton 0x%08x back %s\n", a.s_addr, inet_ntoa(a));
    printf("EPOLLIN|EPOLLET 0x%x SOCK_NONBLOCK 0x%x SO_REUSEADDR %d SOMAXCONN %d\n", EPOLLIN | EPOLLET, SOCK_NONBLOCK, SO_REUSEADDR, SOMAXCONN);
    return 0;
}
