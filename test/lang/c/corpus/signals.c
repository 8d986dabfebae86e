/* sigaction and signal: handlers run on raise and kill, SIG_IGN ignores, the old handler comes back. */
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void on_usr1(int sig) { got += sig; }
static void on_usr2(int sig) { (void)sig; got += 100; }

int main(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGUSR1, &sa, NULL) != 0) perror("sigaction");
    raise(SIGUSR1);
    printf("after raise: got %d\n", got);
    kill(getpid(), SIGUSR1);
    printf("after kill: got %d\n", got);
    void (*old)(int) = signal(SIGUSR2, on_usr2);
    printf("old SIGUSR2 handler is SIG_DFL: %d\n", old == SIG_DFL);
    raise(SIGUSR2);
    printf("after SIGUSR2: got %d\n", got);
    signal(SIGUSR2, SIG_IGN);
    raise(SIGUSR2);
    printf("ignored: got %d\n", got);
    struct sigaction cur;
    sigaction(SIGUSR1, NULL, &cur);
    printf("current SIGUSR1 handler is on_usr1: %d\n", cur.sa_handler == on_usr1);
    return 0;
}
