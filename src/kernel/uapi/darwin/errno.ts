// errno values of the darwin personality: XNU's bsd/sys/errno.h (the 4.4BSD
// numbering: EAGAIN is 35, ENOSYS 78). A failed BSD call returns one of these in
// %rax with the carry flag set; libSystem's cerror stores it in errno and returns -1.

export const EPERM = 1;
export const ENOENT = 2;
export const ESRCH = 3;
export const EINTR = 4;
export const EIO = 5;
export const ENXIO = 6;
export const E2BIG = 7;
export const ENOEXEC = 8;
export const EBADF = 9;
export const ECHILD = 10;
export const EDEADLK = 11;
export const ENOMEM = 12;
export const EACCES = 13;
export const EFAULT = 14;
export const ENOTBLK = 15;
export const EBUSY = 16;
export const EEXIST = 17;
export const EXDEV = 18;
export const ENODEV = 19;
export const ENOTDIR = 20;
export const EISDIR = 21;
export const EINVAL = 22;
export const ENFILE = 23;
export const EMFILE = 24;
export const ENOTTY = 25;
export const ETXTBSY = 26;
export const EFBIG = 27;
export const ENOSPC = 28;
export const ESPIPE = 29;
export const EROFS = 30;
export const EMLINK = 31;
export const EPIPE = 32;
export const EDOM = 33;
export const ERANGE = 34;
export const EAGAIN = 35;
export const EWOULDBLOCK = EAGAIN;
export const EINPROGRESS = 36;
export const EALREADY = 37;
export const ENOTSOCK = 38;
export const EDESTADDRREQ = 39;
export const EMSGSIZE = 40;
export const EPROTOTYPE = 41;
export const ENOPROTOOPT = 42;
export const EPROTONOSUPPORT = 43;
export const ESOCKTNOSUPPORT = 44;
export const ENOTSUP = 45;
export const EPFNOSUPPORT = 46;
export const EAFNOSUPPORT = 47;
export const EADDRINUSE = 48;
export const EADDRNOTAVAIL = 49;
export const ENETDOWN = 50;
export const ENETUNREACH = 51;
export const ENETRESET = 52;
export const ECONNABORTED = 53;
export const ECONNRESET = 54;
export const ENOBUFS = 55;
export const EISCONN = 56;
export const ENOTCONN = 57;
export const ESHUTDOWN = 58;
export const ETOOMANYREFS = 59;
export const ETIMEDOUT = 60;
export const ECONNREFUSED = 61;
export const ELOOP = 62;
export const ENAMETOOLONG = 63;
export const EHOSTDOWN = 64;
export const EHOSTUNREACH = 65;
export const ENOTEMPTY = 66;
export const EPROCLIM = 67;
export const EUSERS = 68;
export const EDQUOT = 69;
export const ESTALE = 70;
export const ENOLCK = 77;
export const ENOSYS = 78;
export const EOVERFLOW = 84;
export const ECANCELED = 89;
export const EIDRM = 90;
export const ENOMSG = 91;
export const EILSEQ = 92;
export const ENOATTR = 93;
export const EBADMSG = 94;
export const ENODATA = 96;
export const EPROTO = 100;
export const ETIME = 101;
export const EOPNOTSUPP = 102;

/** Every name above by value (EWOULDBLOCK is EAGAIN's alias and not listed). */
export const ERRNO_NAMES: Readonly<Record<number, string>> = {
  1: 'EPERM', 2: 'ENOENT', 3: 'ESRCH', 4: 'EINTR', 5: 'EIO', 6: 'ENXIO', 7: 'E2BIG', 8: 'ENOEXEC', 9: 'EBADF', 10: 'ECHILD',
  11: 'EDEADLK', 12: 'ENOMEM', 13: 'EACCES', 14: 'EFAULT', 15: 'ENOTBLK', 16: 'EBUSY', 17: 'EEXIST', 18: 'EXDEV', 19: 'ENODEV',
  20: 'ENOTDIR', 21: 'EISDIR', 22: 'EINVAL', 23: 'ENFILE', 24: 'EMFILE', 25: 'ENOTTY', 26: 'ETXTBSY', 27: 'EFBIG', 28: 'ENOSPC',
  29: 'ESPIPE', 30: 'EROFS', 31: 'EMLINK', 32: 'EPIPE', 33: 'EDOM', 34: 'ERANGE', 35: 'EAGAIN', 36: 'EINPROGRESS', 37: 'EALREADY',
  38: 'ENOTSOCK', 39: 'EDESTADDRREQ', 40: 'EMSGSIZE', 41: 'EPROTOTYPE', 42: 'ENOPROTOOPT', 43: 'EPROTONOSUPPORT',
  44: 'ESOCKTNOSUPPORT', 45: 'ENOTSUP', 46: 'EPFNOSUPPORT', 47: 'EAFNOSUPPORT', 48: 'EADDRINUSE', 49: 'EADDRNOTAVAIL',
  50: 'ENETDOWN', 51: 'ENETUNREACH', 52: 'ENETRESET', 53: 'ECONNABORTED', 54: 'ECONNRESET', 55: 'ENOBUFS', 56: 'EISCONN',
  57: 'ENOTCONN', 58: 'ESHUTDOWN', 59: 'ETOOMANYREFS', 60: 'ETIMEDOUT', 61: 'ECONNREFUSED', 62: 'ELOOP', 63: 'ENAMETOOLONG',
  64: 'EHOSTDOWN', 65: 'EHOSTUNREACH', 66: 'ENOTEMPTY', 67: 'EPROCLIM', 68: 'EUSERS', 69: 'EDQUOT', 70: 'ESTALE', 77: 'ENOLCK',
  78: 'ENOSYS', 84: 'EOVERFLOW', 89: 'ECANCELED', 90: 'EIDRM', 91: 'ENOMSG', 92: 'EILSEQ', 93: 'ENOATTR', 94: 'EBADMSG',
  96: 'ENODATA', 100: 'EPROTO', 101: 'ETIME', 102: 'EOPNOTSUPP',
};

/** Messages as macOS's strerror gives them, for the errors a program here can meet. */
const MESSAGES: Readonly<Record<number, string>> = {
  1: 'Operation not permitted', 2: 'No such file or directory', 3: 'No such process', 4: 'Interrupted system call',
  9: 'Bad file descriptor', 12: 'Cannot allocate memory', 13: 'Permission denied', 14: 'Bad address', 17: 'File exists',
  22: 'Invalid argument', 24: 'Too many open files', 32: 'Broken pipe', 35: 'Resource temporarily unavailable',
  36: 'Operation now in progress', 38: 'Socket operation on non-socket', 47: 'Address family not supported by protocol family',
  48: 'Address already in use', 49: "Can't assign requested address", 53: 'Software caused connection abort',
  54: 'Connection reset by peer', 56: 'Socket is already connected', 57: 'Socket is not connected', 60: 'Operation timed out',
  61: 'Connection refused', 65: 'No route to host', 78: 'Function not implemented', 102: 'Operation not supported on socket',
};

export function errnoName(e: number): string { const n = Math.abs(e); return ERRNO_NAMES[n] ?? `errno_${n}`; }
export function strerror(e: number): string { const n = Math.abs(e); return MESSAGES[n] ?? `Unknown error: ${n}`; }
