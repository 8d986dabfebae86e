/* errno, perror and strerror after failing calls. */
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <fcntl.h>

int main(void) {
    if (close(1234) < 0) printf("close: errno %d (%s)\n", errno, strerror(errno));
    if (open("/no/such/file", O_RDONLY) < 0) { printf("open: errno %d\n", errno); perror("open"); }
    errno = 0;
    printf("errno reset %d\n", errno);
    char buf[4];
    if (read(99, buf, sizeof buf) < 0) perror("read");
    return 0;
}
