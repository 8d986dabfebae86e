// launcher: starts other programs with posix_spawn and waits for each with
// waitpid, printing how each ended — what a shell does with `prog; echo $?`.
// Usage: launcher prog [prog ...] (names under /bin).
import { cProgram } from '../../libc/libc.ts';
import { WIFEXITED, WEXITSTATUS, WIFSIGNALED, WTERMSIG, signalName } from '../../kernel/uapi/index.ts';

export default cProgram('launcher', function* main(c, argv) {
  for (const name of argv.slice(1)) {
    const pid = yield* c.posix_spawn(`/bin/${name}`, [name]);
    if (pid < 0) { yield* c.printf('launcher: cannot spawn %s: error %d\n', name, -pid); continue; }
    const [, status] = yield* c.waitpid(pid);
    if (WIFEXITED(status)) yield* c.printf('launcher: %s [%d] exited with status %d\n', name, pid, WEXITSTATUS(status));
    else if (WIFSIGNALED(status)) yield* c.printf('launcher: %s [%d] killed by %s\n', name, pid, signalName(WTERMSIG(status)));
  }
  return 0;
});
