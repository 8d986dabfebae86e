// Constants and structure layouts of the windows personality (winnt.h, ntioapi.h,
// winbase.h, winsock2.h, mswsock.h, and AFD's ioctl codes as ReactOS documents
// them in afd/shared.h). All structures are the x86-64 ones, little-endian.

// --- handles ---
/** NtCurrentProcess() and NtCurrentThread(): pseudo-handles every process has. */
export const NtCurrentProcess = -1;
export const NtCurrentThread = -2;
export const INVALID_HANDLE_VALUE = -1;
/** The console's handles in a new process: stdin, stdout, stderr (what GetStdHandle gives). */
export const STD_HANDLES = [4, 8, 12] as const;

// --- waits ---
export const INFINITE = 0xffffffff;
export const WAIT_OBJECT_0 = 0;
export const WAIT_ABANDONED = 0x80;
export const WAIT_FAILED = 0xffffffff;
/** WAIT_TYPE for NtWaitForMultipleObjects. */
export const WaitAllObject = 0;
export const WaitAnyObject = 1;
export const MAXIMUM_WAIT_OBJECTS = 64;
/** EVENT_TYPE. */
export const NotificationEvent = 0;
export const SynchronizationEvent = 1;
export const EVENT_ALL_ACCESS = 0x1f0003;
export const THREAD_ALL_ACCESS = 0x1fffff;
export const IO_COMPLETION_ALL_ACCESS = 0x1f0003;
export const DUPLICATE_SAME_ACCESS = 0x2;
export const DUPLICATE_CLOSE_SOURCE = 0x1;
/** NtCreateThreadEx CreateFlags. */
export const THREAD_CREATE_FLAGS_CREATE_SUSPENDED = 0x1;

// --- memory (winnt.h) ---
export const MEM_COMMIT = 0x1000;
export const MEM_RESERVE = 0x2000;
export const MEM_DECOMMIT = 0x4000;
export const MEM_RELEASE = 0x8000;
export const PAGE_NOACCESS = 0x01;
export const PAGE_READONLY = 0x02;
export const PAGE_READWRITE = 0x04;

// --- files and I/O (ntioapi.h) ---
/** FILE_INFORMATION_CLASS values NtSetInformationFile takes. */
export const FileCompletionInformation = 30;
export const FileIoCompletionNotificationInformation = 41;
export const FileReplaceCompletionInformation = 61;
/** SetFileCompletionNotificationModes flags. */
export const FILE_SKIP_COMPLETION_PORT_ON_SUCCESS = 0x1;
export const FILE_SKIP_SET_EVENT_ON_HANDLE = 0x2;
/** Access rights a file handle is opened with (winnt.h): what NtReadFile and NtWriteFile check. */
export const FILE_READ_DATA = 0x1;
export const FILE_WRITE_DATA = 0x2;
export const FILE_WRITE_ATTRIBUTES = 0x100;
export const SYNCHRONIZE = 0x100000;
export const GENERIC_WRITE = 0x40000000;
export const GENERIC_READ = 0x80000000;
export const FILE_GENERIC_WRITE = 0x120116;
/** ShareAccess: for a named pipe it also says which way clients may move data (FILE_SHARE_WRITE: inbound). */
export const FILE_SHARE_READ = 0x1;
export const FILE_SHARE_WRITE = 0x2;
/** CreateDisposition. */
export const FILE_OPEN = 1;
export const FILE_CREATE = 2;
export const FILE_OPEN_IF = 3;
/** CreateOptions: a handle whose I/O completes before the service returns (no overlapped I/O on it). */
export const FILE_SYNCHRONOUS_IO_ALERT = 0x10;
export const FILE_SYNCHRONOUS_IO_NONALERT = 0x20;
export const FILE_NON_DIRECTORY_FILE = 0x40;
/** NtCreateNamedPipeFile: NamedPipeType, ReadMode, CompletionMode. */
export const FILE_PIPE_BYTE_STREAM_TYPE = 0;
export const FILE_PIPE_MESSAGE_TYPE = 1;
export const FILE_PIPE_BYTE_STREAM_MODE = 0;
export const FILE_PIPE_QUEUE_OPERATION = 0;
/** The named-pipe file system's device: every pipe's name starts with it. */
export const NAMED_PIPE_DEVICE = '\\Device\\NamedPipe\\';
/** IO_STATUS_BLOCK { NTSTATUS Status (8 with padding); ULONG_PTR Information; } */
export const IO_STATUS_BLOCK = { size: 16, Status: 0, Information: 8 } as const;
/** OVERLAPPED { Internal; InternalHigh; Offset; OffsetHigh; hEvent }: its head is an IO_STATUS_BLOCK. */
export const OVERLAPPED = { size: 32, Internal: 0, InternalHigh: 8, Offset: 16, OffsetHigh: 20, hEvent: 24 } as const;
/** FILE_COMPLETION_INFORMATION { HANDLE Port; PVOID Key; } */
export const FILE_COMPLETION_INFORMATION = { size: 16, Port: 0, Key: 8 } as const;
/**
 * FILE_IO_COMPLETION_INFORMATION { KeyContext; ApcContext; IO_STATUS_BLOCK } — what
 * NtRemoveIoCompletionEx fills. kernel32's OVERLAPPED_ENTRY { lpCompletionKey;
 * lpOverlapped; Internal; dwNumberOfBytesTransferred } is the same 32 bytes.
 */
export const FILE_IO_COMPLETION_INFORMATION = { size: 32, KeyContext: 0, ApcContext: 8, Status: 16, Information: 24 } as const;
export const OVERLAPPED_ENTRY = { size: 32, lpCompletionKey: 0, lpOverlapped: 8, Internal: 16, dwNumberOfBytesTransferred: 24 } as const;

// --- threads ---
/** THREADINFOCLASS. */
export const ThreadBasicInformation = 0;
/** THREAD_BASIC_INFORMATION { ExitStatus; TebBaseAddress; ClientId { UniqueProcess; UniqueThread }; AffinityMask; Priority; BasePriority } */
export const THREAD_BASIC_INFORMATION = { size: 48, ExitStatus: 0, TebBaseAddress: 8, UniqueProcess: 16, UniqueThread: 24, AffinityMask: 32 } as const;
/** SYSTEM_INFORMATION_CLASS: SystemBasicInformation gives the processor count. */
export const SystemBasicInformation = 0;
export const SYSTEM_BASIC_INFORMATION = { size: 64, PageSize: 8, NumberOfProcessors: 56 } as const;
/** CONTEXT flags (AMD64). */
export const CONTEXT_AMD64 = 0x100000;
export const CONTEXT_CONTROL = CONTEXT_AMD64 | 0x1;
export const CONTEXT_INTEGER = CONTEXT_AMD64 | 0x2;
/**
 * The part of the AMD64 CONTEXT this machine has (offsets as winnt.h's, the
 * structure is 1232 bytes and 16-byte aligned). gomachine's machine has no
 * instruction pointer: a thread's place is the compute it is in the middle of, so
 * Rip holds the cycles left of it — a user-level scheduler that moves Rip (Go's
 * pushCall of asyncPreempt) takes that work with what it parks.
 */
export const CONTEXT = { size: 1232, ContextFlags: 0x30, Rax: 0x78, Rsp: 0x98, Rip: 0xf8 } as const;

// --- sockets (winsock2.h, ws2def.h, mswsock.h) ---
export const AF_INET = 2;
export const SOCK_STREAM = 1;
export const IPPROTO_TCP = 6;
export const SOL_SOCKET = 0xffff;
export const SO_REUSEADDR = 0x4;
export const SO_KEEPALIVE = 0x8;
export const SO_SNDBUF = 0x1001;
export const SO_RCVBUF = 0x1002;
export const SO_ERROR = 0x1007;
export const SO_UPDATE_ACCEPT_CONTEXT = 0x700b;
export const SO_UPDATE_CONNECT_CONTEXT = 0x7010;
export const SOMAXCONN = 0x7fffffff;
export const SD_RECEIVE = 0;
export const SD_SEND = 1;
export const SD_BOTH = 2;
export const INADDR_ANY = 0;
export const SOCKET_ERROR = -1;
export const INVALID_SOCKET = -1;
export const WSA_FLAG_OVERLAPPED = 0x01;
/** XP1_IFS_HANDLES: a provider whose sockets are real file handles (FILE_SKIP_COMPLETION_PORT_ON_SUCCESS is safe on them). */
export const XP1_IFS_HANDLES = 0x20000;
/** struct sockaddr_in { u16 sin_family; be16 sin_port; be32 sin_addr; char sin_zero[8]; } */
export const sockaddr_in = { size: 16, sin_family: 0, sin_port: 2, sin_addr: 4, sin_zero: 8 } as const;
/** WSABUF { ULONG len; CHAR *buf; } */
export const WSABUF = { size: 16, len: 0, buf: 8 } as const;

// --- AFD: the Ancillary Function Driver under Winsock (\Device\Afd) ---
/** The device a socket is opened on: NtCreateFile of \Device\Afd\Endpoint with an AFD_OPEN_PACKET extended attribute. */
export const AFD_DEVICE_NAME = '\\Device\\Afd\\Endpoint';
/** The extended attribute carrying { family, type, protocol, flags } (32-bit each) to AFD. */
export const AFD_OPEN_PACKET = { size: 16, family: 0, type: 4, protocol: 8, flags: 12 } as const;
/** _AFD_CONTROL_CODE(op, method) = FILE_DEVICE_NETWORK (0x12) << 12 | op << 2 | method. */
export const IOCTL_AFD_BIND = 0x12003;
export const IOCTL_AFD_CONNECT = 0x12007;
export const IOCTL_AFD_START_LISTEN = 0x1200b;
export const IOCTL_AFD_RECV = 0x12017;
export const IOCTL_AFD_SEND = 0x1201f;
export const IOCTL_AFD_DISCONNECT = 0x1202b;
export const IOCTL_AFD_GET_SOCK_NAME = 0x1202f;
export const IOCTL_AFD_GET_PEER_NAME = 0x12033;
export const IOCTL_AFD_SET_INFO = 0x1203b;
export const IOCTL_AFD_SET_CONTEXT = 0x12047;
export const IOCTL_AFD_GET_INFO = 0x1207b;
export const IOCTL_AFD_SUPER_ACCEPT = 0x12083;
export const IOCTL_AFD_SUPER_CONNECT = 0x120c7;
/** AFD_INFO ids for SET_INFO/GET_INFO: { ULONG InformationClass; ULONG Value } */
export const AFD_INFO_REUSEADDR = 0x100;
export const AFD_INFO_SO_ERROR = 0x101;
export const AFD_INFO = { size: 8, InformationClass: 0, Value: 4 } as const;
/** The input of IOCTL_AFD_BIND and IOCTL_AFD_SUPER_CONNECT: a sockaddr_in. */
export const AFD_BIND_INFO = { size: 16 } as const;
/** IOCTL_AFD_START_LISTEN input: { ULONG Backlog }. */
export const AFD_LISTEN_INFO = { size: 4, Backlog: 0 } as const;
/**
 * IOCTL_AFD_RECV/SEND input (AFD_RECV_INFO / AFD_SEND_INFO): { PWSABUF BufferArray;
 * ULONG BufferCount; ULONG AfdFlags; ULONG TdiFlags }. TDI_RECEIVE_PEEK peeks.
 */
export const AFD_RECV_INFO = { size: 24, BufferArray: 0, BufferCount: 8, AfdFlags: 12, TdiFlags: 16 } as const;
export const TDI_RECEIVE_NORMAL = 0x20;
export const TDI_RECEIVE_PEEK = 0x80;
/**
 * IOCTL_AFD_SUPER_ACCEPT input (what AcceptEx sends): { HANDLE AcceptHandle; ULONG
 * ReceiveLength; ULONG LocalAddressLength; ULONG RemoteAddressLength; PVOID
 * OutputBuffer } — the output buffer gets the local and the remote sockaddr after
 * ReceiveLength bytes of data, each in a slot of its length (sizeof(sockaddr_in) + 16).
 */
export const AFD_SUPER_ACCEPT_INFO = { size: 32, AcceptHandle: 0, ReceiveLength: 8, LocalAddressLength: 12, RemoteAddressLength: 16, OutputBuffer: 24 } as const;
/** IOCTL_AFD_DISCONNECT input: { ULONG DisconnectType } (AFD_DISCONNECT_SEND 1, _RECV 2). */
export const AFD_DISCONNECT_SEND = 0x1;
export const AFD_DISCONNECT_RECV = 0x2;
