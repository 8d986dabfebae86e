// Kernel subsystems that register syscalls of their own (defineSyscall) and are
// loaded for that side effect. One line per subsystem.

// networking: sockets, TCP, the loopback and NIC drivers (src/kernel/net)
import './net/index.ts';

// I/O multiplexing and IPC: poll, pipes, AF_UNIX socketpair (epoll and eventfd are linux's: linux/personality.ts)
import './socket-file.ts';
import './poll.ts';
import './pipe.ts';
import './unix.ts';

// a small read-only filesystem: /, /bin, /dev/null, /dev/zero, /etc
import './fs.ts';

export {};
