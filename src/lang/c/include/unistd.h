#ifndef _UNISTD_H
#define _UNISTD_H
#include <sys/types.h>
#define STDIN_FILENO 0
#define STDOUT_FILENO 1
#define STDERR_FILENO 2
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
ssize_t read(int fd, void *buf, size_t count);
ssize_t write(int fd, const void *buf, size_t count);
int close(int fd);
off_t lseek(int fd, off_t offset, int whence);
int dup(int oldfd);
int dup2(int oldfd, int newfd);
int pipe(int pipefd[2]);
int pipe2(int pipefd[2], int flags);
int fsync(int fd);
int fdatasync(int fd);
int ftruncate(int fd, off_t length);
int unlink(const char *pathname);
int rmdir(const char *pathname);
pid_t getpid(void);
pid_t getppid(void);
pid_t gettid(void);
unsigned int sleep(unsigned int seconds);
int usleep(unsigned int usec);
void _exit(int status) __attribute__((__noreturn__));
int isatty(int fd);
#endif
