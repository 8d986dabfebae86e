// Waits in sleep(3) for the operator: SIGUSR1 is counted, SIGTERM ends the program
// cleanly (exit status 0 after saying how many SIGUSR1s came).
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

static volatile sig_atomic_t usr1, term;

static void on_usr1(int sig) { (void)sig; usr1++; }
static void on_term(int sig) { (void)sig; term = 1; }

int main(void) {
  struct sigaction sa = {0};
  sa.sa_handler = on_usr1;
  sigaction(SIGUSR1, &sa, NULL);
  sa.sa_handler = on_term;
  sigaction(SIGTERM, &sa, NULL);
  printf("waiting\n");
  fflush(stdout);
  while (!term) sleep(1);
  printf("SIGTERM after %d SIGUSR1\n", (int)usr1);
  return 0;
}
