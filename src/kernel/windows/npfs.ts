// NT's named-pipe file system (npfs.sys), as much of it as an anonymous pipe
// needs. Windows has no pipe() call: kernel32's CreatePipe makes a uniquely
// named pipe under \Device\NamedPipe\ with NtCreateNamedPipeFile (the server
// end, opened for reading) and opens its client end with NtOpenFile (for
// writing). Go's os.Pipe on windows is that CreatePipe.
//
// A pipe instance is full duplex underneath: two one-way byte buffers, one
// carrying what clients write to the server (the inbound quota) and one the
// other way (the outbound quota); the pipe's configuration, taken from the
// ShareAccess the server was made with, and each handle's access rights say
// which ways a handle may move data. The buffers are the core's pipes
// (pipe.ts), so readers sleep while theirs is empty and writers while it is
// full, as on the Unix kernels. What differs is what a caller is told: reading
// a pipe whose other end is closed fails with STATUS_PIPE_BROKEN (there is no
// zero-byte EOF), writing to one fails with STATUS_PIPE_CLOSING, and no signal
// is sent — NT has none.
//
// Not modelled: message-type pipes, more than one instance of a name, servers
// waiting for a client (FSCTL_PIPE_LISTEN) and overlapped (asynchronous)
// handles — anonymous pipes use none of them. Such a request gets
// STATUS_NOT_SUPPORTED.

import type { Kernel } from '../kernel.ts';
import type { Thread } from '../proc.ts';
import { File, type SysResult } from '../file.ts';
import { newPipe, type PipeInode } from '../pipe.ts';
import * as E from '../uapi/errno.ts';
import { O_RDONLY, O_WRONLY, O_RDWR } from '../uapi/flags.ts';
import * as S from '../uapi/windows/ntstatus.ts';
import * as W from '../uapi/windows/flags.ts';
import { insertHandle } from './object.ts';

/** The quota a pipe made with 0 gets: one page, CreatePipe's default buffer size. */
const DEFAULT_QUOTA = 4096;

/** One instance of a named pipe: its two buffers, and the client end until a client opens it. */
class PipeInstance {
  /** Client → server (inbound) and server → client (outbound). */
  readonly inbound: PipeInode;
  readonly outbound: PipeInode;
  /** Set while no client has connected: the end NtOpenFile hands out. */
  pendingClient: NpfsEnd | null = null;
  constructor(readonly name: string, readonly clientsMayWrite: boolean, readonly clientsMayRead: boolean, inQuota: number, outQuota: number) {
    this.inbound = newPipe(0, inQuota || DEFAULT_QUOTA);
    this.outbound = newPipe(0, outQuota || DEFAULT_QUOTA);
  }
}

/** The pipe names of each machine's \Device\NamedPipe\ directory. */
const namespaces = new WeakMap<Kernel, Map<string, PipeInstance>>();
function namespaceOf(k: Kernel): Map<string, PipeInstance> {
  let ns = namespaces.get(k);
  if (ns === undefined) { ns = new Map(); namespaces.set(k, ns); }
  return ns;
}

/** A handle's view of a pipe instance: the server end or the client end. */
export class NpfsEnd extends File {
  readonly kind = 'pipe';
  constructor(readonly instance: PipeInstance, readonly server: boolean, readonly mayRead: boolean, readonly mayWrite: boolean) {
    super(mayRead && mayWrite ? O_RDWR : mayWrite ? O_WRONLY : O_RDONLY);
  }
  /** The buffer this end reads from and the one it writes to. */
  private get incoming(): PipeInode { return this.server ? this.instance.inbound : this.instance.outbound; }
  private get outgoing(): PipeInode { return this.server ? this.instance.outbound : this.instance.inbound; }

  override read(k: Kernel, t: Thread, len: number): Uint8Array | SysResult { return this.incoming.rd.read(k, t, len); }

  override write(k: Kernel, t: Thread, data: Uint8Array): SysResult {
    if (this.outgoing.readers === 0) {
      // The core's pipe would raise SIGPIPE here; NT fails the write instead.
      const done = (t.sysScratch as number | undefined) ?? 0;
      return done > 0 ? done : -E.EPIPE;
    }
    return this.outgoing.wr.write(k, t, data);
  }

  /** The peer of a reader that finds nothing: is anyone left to write? */
  peerGone(): boolean { return this.incoming.writers === 0; }

  override release(k: Kernel): void {
    // Its two halves of the buffers go as a Unix pipe's ends do: the peer sees EOF or EPIPE.
    k.fput(this.incoming.rd);
    k.fput(this.outgoing.wr);
    if (!this.server) return;
    // The server's handle was the instance: its name goes, and a client end never opened with it.
    namespaceOf(k).delete(this.instance.name);
    const pending = this.instance.pendingClient;
    this.instance.pendingClient = null;
    if (pending !== null) k.fput(pending);
  }
}

function mayRead(access: number): boolean { return (access & (W.GENERIC_READ | W.FILE_READ_DATA)) !== 0; }
function mayWrite(access: number): boolean { return (access & (W.GENERIC_WRITE | W.FILE_WRITE_DATA)) !== 0; }
function synchronous(options: number): boolean { return (options & (W.FILE_SYNCHRONOUS_IO_ALERT | W.FILE_SYNCHRONOUS_IO_NONALERT)) !== 0; }

export interface NamedPipeParams {
  readonly access: number;
  readonly share: number;
  readonly disposition: number;
  readonly options: number;
  readonly pipeType: number;
  readonly readMode: number;
  readonly maxInstances: number;
  readonly inboundQuota: number;
  readonly outboundQuota: number;
}

/**
 * NtCreateNamedPipeFile: the first (and here only) instance of `name`, whose server
 * end becomes a handle of t's process. A handle, or an NTSTATUS failure.
 */
export function npfsCreate(k: Kernel, t: Thread, name: string, p: NamedPipeParams): { handle: number } | number {
  if (!name.startsWith(W.NAMED_PIPE_DEVICE) || name.length === W.NAMED_PIPE_DEVICE.length) return S.STATUS_OBJECT_NAME_NOT_FOUND;
  if (p.disposition !== W.FILE_CREATE && p.disposition !== W.FILE_OPEN_IF) return S.STATUS_INVALID_PARAMETER;
  if ((p.share & (W.FILE_SHARE_READ | W.FILE_SHARE_WRITE)) === 0) return S.STATUS_INVALID_PARAMETER;
  if (p.pipeType !== W.FILE_PIPE_BYTE_STREAM_TYPE || p.readMode !== W.FILE_PIPE_BYTE_STREAM_MODE) return S.STATUS_NOT_SUPPORTED;
  if (p.maxInstances !== 1 || !synchronous(p.options)) return S.STATUS_NOT_SUPPORTED;
  if (p.inboundQuota < 0 || p.outboundQuota < 0) return S.STATUS_INVALID_PARAMETER;
  const ns = namespaceOf(k);
  if (ns.has(name)) return p.disposition === W.FILE_CREATE ? S.STATUS_ACCESS_DENIED : S.STATUS_INSTANCE_NOT_AVAILABLE;
  const inst = new PipeInstance(name, (p.share & W.FILE_SHARE_WRITE) !== 0, (p.share & W.FILE_SHARE_READ) !== 0, p.inboundQuota, p.outboundQuota);
  const server = new NpfsEnd(inst, true, mayRead(p.access) && inst.clientsMayWrite, mayWrite(p.access) && inst.clientsMayRead);
  inst.pendingClient = new NpfsEnd(inst, false, false, false);
  const h = insertHandle(t, server);
  if (h < 0) { k.fput(server); return S.STATUS_TOO_MANY_OPENED_FILES; }
  ns.set(name, inst);
  return { handle: h };
}

/**
 * NtOpenFile / NtCreateFile(FILE_OPEN) on \Device\NamedPipe\name: connect to the
 * instance as its client. A handle, or an NTSTATUS failure.
 */
export function npfsOpen(k: Kernel, t: Thread, name: string, access: number, options: number): { handle: number } | number {
  const inst = namespaceOf(k).get(name);
  if (inst === undefined) return S.STATUS_OBJECT_NAME_NOT_FOUND;
  if (inst.pendingClient === null) return S.STATUS_PIPE_NOT_AVAILABLE; // its one instance has a client
  if (!synchronous(options)) return S.STATUS_NOT_SUPPORTED;
  const r = mayRead(access); const w = mayWrite(access);
  if ((r && !inst.clientsMayRead) || (w && !inst.clientsMayWrite)) return S.STATUS_ACCESS_DENIED;
  const placeholder = inst.pendingClient;
  const client = new NpfsEnd(inst, false, r, w);
  const h = insertHandle(t, client);
  if (h < 0) { client.discard(); return S.STATUS_TOO_MANY_OPENED_FILES; }
  inst.pendingClient = null;
  placeholder.discard(); // never in a table: it held the client's halves until now
  return { handle: h };
}

/**
 * The status of a read or write on a pipe end: the core's result (bytes or -errno)
 * as NPFS reports it. A read of nothing with no writer left is STATUS_PIPE_BROKEN.
 */
export function npfsStatus(f: NpfsEnd, write: boolean, r: number, len: number): number {
  if (r >= 0) return !write && r === 0 && len > 0 && f.peerGone() ? S.STATUS_PIPE_BROKEN : S.STATUS_SUCCESS;
  if (-r === E.EPIPE) return S.STATUS_PIPE_CLOSING;
  if (-r === E.EBADF) return S.STATUS_ACCESS_DENIED; // the handle was not opened for this direction
  return S.STATUS_UNSUCCESSFUL;
}
