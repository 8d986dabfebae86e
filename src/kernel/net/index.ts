// Networking: sockets, TCP, the loopback and the NIC driver. Imported once from
// modules.ts for the syscalls it registers; netInit/netSnapshot for the boot
// code and reports.
import './syscalls.ts';
export { netInit, netSnapshot, netStack, type NetSnapshot } from './stack.ts';
export { InetSocket } from './socket.ts';
