/* Files on /tmp: write one with open/write, grow it with lseek past the end,
 * append, read it back, stat it, truncate it, and the errors Linux gives for
 * what cannot be done; then the same through stdio (fopen/fprintf/fgets/fseek). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#define PATH "/tmp/gomachine-corpus-files.txt"
#define DIR "/tmp/gomachine-corpus-dir"

static void check(const char *what, int r) {
    if (r < 0) printf("%s: -1 %s\n", what, strerror(errno));
    else printf("%s: %d\n", what, r);
}

int main(void) {
    unlink(PATH);
    int fd = open(PATH, O_CREAT | O_EXCL | O_WRONLY, 0644);
    check("open O_CREAT|O_EXCL", fd >= 0 ? 0 : -1);
    check("write", (int)write(fd, "hello, file\n", 12));
    check("lseek SEEK_END+4", (int)lseek(fd, 4, SEEK_END));
    check("write past the end", (int)write(fd, "tail\n", 5));
    check("read on O_WRONLY", (int)read(fd, (char[8]){0}, 8));
    check("fsync", fsync(fd));
    check("close", close(fd));
    check("close again", close(fd));
    check("open O_CREAT|O_EXCL again", open(PATH, O_CREAT | O_EXCL | O_WRONLY, 0644));

    struct stat st;
    check("stat", stat(PATH, &st));
    printf("size %ld regular %d dir %d mode %o links %ld blksize %ld\n", (long)st.st_size, S_ISREG(st.st_mode), S_ISDIR(st.st_mode),
           st.st_mode & 07777, (long)st.st_nlink, (long)st.st_blksize);

    fd = open(PATH, O_WRONLY | O_APPEND);
    lseek(fd, 0, SEEK_SET);
    check("append", (int)write(fd, "more\n", 5));
    close(fd);

    fd = open(PATH, O_RDONLY);
    char buf[64];
    ssize_t n = read(fd, buf, sizeof buf);
    printf("read %ld:", (long)n);
    for (ssize_t i = 0; i < n; i++) printf(buf[i] == '\n' ? " \\n" : buf[i] ? " %c" : " \\0", buf[i]);
    printf("\n");
    check("read at EOF", (int)read(fd, buf, sizeof buf));
    check("lseek SEEK_CUR-5", (int)lseek(fd, -5, SEEK_CUR));
    check("lseek before 0", (int)lseek(fd, -100, SEEK_CUR));
    check("write on O_RDONLY", (int)write(fd, "x", 1));
    check("fstat", fstat(fd, &st));
    printf("fstat size %ld\n", (long)st.st_size);
    close(fd);

    fd = open(PATH, O_RDWR | O_TRUNC);
    fstat(fd, &st);
    printf("after O_TRUNC size %ld\n", (long)st.st_size);
    write(fd, "0123456789", 10);
    check("ftruncate 4", ftruncate(fd, 4));
    fstat(fd, &st);
    printf("after ftruncate size %ld\n", (long)st.st_size);
    close(fd);

    check("open missing", open("/tmp/gomachine-corpus-no-such-file", O_RDONLY));
    check("open dir for writing", open("/tmp", O_WRONLY));
    check("open through a file", open(PATH "/x", O_RDONLY));
    check("open O_DIRECTORY on a file", open(PATH, O_RDONLY | O_DIRECTORY));
    check("stat missing", stat("/tmp/gomachine-corpus-no-such-file", &st));
    check("stat through a file", stat(PATH "/x", &st));

    rmdir(DIR);
    check("mkdir", mkdir(DIR, 0755));
    check("mkdir again", mkdir(DIR, 0755));
    stat(DIR, &st);
    printf("dir %d\n", S_ISDIR(st.st_mode));
    fd = open(DIR "/inner", O_CREAT | O_WRONLY, 0600);
    close(fd);
    check("rmdir not empty", rmdir(DIR));
    check("unlink a dir", unlink(DIR));
    check("unlink inner", unlink(DIR "/inner"));
    check("rmdir", rmdir(DIR));

    /* An unlinked file stays readable through its open descriptor. */
    fd = open(PATH, O_RDONLY);
    check("unlink", unlink(PATH));
    check("unlink again", unlink(PATH));
    check("stat unlinked", stat(PATH, &st));
    n = read(fd, buf, sizeof buf);
    printf("read after unlink %ld: %.*s\n", (long)n, (int)n, buf);
    close(fd);

    int p[2];
    pipe(p);
    check("lseek on a pipe", (int)lseek(p[0], 0, SEEK_SET));
    check("fsync on a pipe", fsync(p[1]));
    fstat(p[0], &st);
    printf("pipe fifo %d\n", S_ISFIFO(st.st_mode));

    /* stdio */
    FILE *f = fopen(PATH, "w");
    for (int i = 1; i <= 3; i++) fprintf(f, "line %d: %d squared is %d\n", i, i, i * i);
    fputs("last line\n", f);
    printf("ftell %ld\n", ftell(f));
    fclose(f);
    f = fopen(PATH, "a");
    fprintf(f, "appended\n");
    fclose(f);
    f = fopen(PATH, "r");
    char line[80];
    while (fgets(line, sizeof line, f)) printf("> %s", line);
    printf("eof %d\n", feof(f));
    fseek(f, 5, SEEK_SET);
    printf("ftell %ld, next: %s", ftell(f), fgets(line, sizeof line, f));
    rewind(f);
    printf("first char %c\n", fgetc(f));
    fclose(f);
    printf("fopen missing %s\n", fopen("/tmp/gomachine-corpus-no-such-file", "r") == NULL ? strerror(errno) : "opened");
    check("remove", remove(PATH));
    check("remove again", remove(PATH));
    return 0;
}
