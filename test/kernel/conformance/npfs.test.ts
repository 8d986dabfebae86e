// Anonymous pipes on the windows personality: CreatePipe's named pipe under
// \Device\NamedPipe\ (NtCreateNamedPipeFile for the read end, NtOpenFile for
// the write end), read and written with ReadFile/WriteFile on synchronous
// handles. The behaviours are the ones Microsoft documents for CreatePipe,
// ReadFile and WriteFile on pipes: a read blocks until data arrives, returns
// what is there (not the whole request), fails with ERROR_BROKEN_PIPE once the
// write end is closed and drained; a write with the read end closed fails with
// ERROR_NO_DATA and no signal; a handle moves data one way only.

import { describe, it, expect } from 'vitest';
import { Machine } from '../../../src/machine/machine.ts';
import { Kernel } from '../../../src/kernel/kernel.ts';
import { fileCount } from '../../../src/kernel/file.ts';
import { WINDOWS } from '../../../src/kernel/windows/personality.ts';
import { win32Program, nt, type Win32, type WGen } from '../../../src/win32/win32.ts';
import {
  SYS, ERROR_BROKEN_PIPE, ERROR_NO_DATA, ERROR_ACCESS_DENIED, ERROR_PIPE_BUSY, ERROR_FILE_NOT_FOUND, STATUS_NOT_SUPPORTED, STATUS_ACCESS_DENIED,
  STATUS_PIPE_NOT_AVAILABLE, STATUS_OBJECT_NAME_NOT_FOUND, GENERIC_READ, SYNCHRONIZE, FILE_GENERIC_WRITE, FILE_SHARE_READ, FILE_SHARE_WRITE, FILE_CREATE,
  FILE_SYNCHRONOUS_IO_NONALERT, FILE_PIPE_MESSAGE_TYPE, FILE_PIPE_BYTE_STREAM_TYPE, RtlNtStatusToDosError,
} from '../../../src/kernel/uapi/windows/index.ts';

type Rec = (v: unknown) => void;
const enc = new TextEncoder();
const dec = new TextDecoder();

/** Run one windows program to completion; what it recorded, and the files left open in the kernel after it. */
function run(body: (c: Win32, rec: Rec) => WGen<void>): { got: unknown[]; filesLeft: number; syscalls: Record<string, { calls: number }> } {
  const got: unknown[] = [];
  const before = fileCount.live;
  const m = new Machine({ cores: 2, clockHz: 3e9, timerHz: 250, timerJitterNs: 0, memoryBytes: 1 << 30, frameSize: 4096, seed: 1 });
  const k = new Kernel(m, { personality: WINDOWS });
  m.probe.subscribe((e) => { if (e.kind === 'all_exited') m.halt('all exited'); });
  k.spawn(win32Program('npfs', function* (c) { yield* body(c, (v) => { got.push(v); }); return 0; }), ['npfs'], {});
  m.run(m.nsToCycles(30e9));
  const p = k.snapshot().procs[0]!;
  expect(p.exitStatus, p.stderr + k.klog.join('\n')).toBe(0);
  return { got, filesLeft: fileCount.live - before, syscalls: p.syscalls };
}

function* write(c: Win32, h: number, s: string): WGen<number> {
  const buf = c.proc.staticAlloc(s.length + 1);
  yield* c.poke(buf, enc.encode(s));
  return yield* c.WriteFile(h, buf, s.length);
}
function* read(c: Win32, h: number, n: number): WGen<string | number> {
  const buf = c.proc.staticAlloc(n + 1);
  const r = yield* c.ReadFile(h, buf, n);
  return r < 0 ? -c.GetLastError() : dec.decode(yield* c.peek(buf, r));
}
function* pipe(c: Win32, size = 0): WGen<[number, number]> {
  const p = yield* c.CreatePipe(size);
  if (p === -1) throw new Error(`CreatePipe: ${c.GetLastError()}`);
  return p;
}

describe('anonymous pipes (CreatePipe over NtCreateNamedPipeFile)', () => {
  it('CreatePipe is NtCreateNamedPipeFile then NtOpenFile; bytes written to the write handle are read from the read handle', () => {
    const r = run(function* (c, rec) {
      const [rd, wr] = yield* pipe(c);
      rec(rd !== wr && rd % 4 === 0 && wr % 4 === 0);
      rec(yield* write(c, wr, 'hello'));
      rec(yield* read(c, rd, 64)); // what is there, not the whole request
    });
    expect(r.got).toEqual([true, 5, 'hello']);
    expect(r.syscalls['NtCreateNamedPipeFile']!.calls).toBe(1);
    expect(r.syscalls['NtOpenFile']!.calls).toBe(1);
  });

  it('a read of an empty pipe blocks its thread until another thread writes', () => {
    const r = run(function* (c, rec) {
      const [rd, wr] = yield* pipe(c);
      const t0 = yield* c.QueryPerformanceCounter();
      yield* c.CreateThread(function* (t) { yield* t.Sleep(5); yield* write(t, wr, 'late'); }, 0);
      rec(yield* read(c, rd, 16));
      rec((yield* c.QueryPerformanceCounter()) - t0 >= 5 * 3e6); // 5 ms at 3 GHz
    });
    expect(r.got).toEqual(['late', true]);
  });

  it('once the write handle is closed, the data left is read, then ReadFile fails with ERROR_BROKEN_PIPE (109)', () => {
    const r = run(function* (c, rec) {
      const [rd, wr] = yield* pipe(c);
      yield* write(c, wr, 'tail');
      rec(yield* c.CloseHandle(wr));
      rec(yield* read(c, rd, 16));
      rec(yield* read(c, rd, 16));
    });
    expect(r.got).toEqual([1, 'tail', -ERROR_BROKEN_PIPE]);
  });

  it('a reader blocked on an empty pipe is woken by the write handle closing, with ERROR_BROKEN_PIPE', () => {
    const r = run(function* (c, rec) {
      const [rd, wr] = yield* pipe(c);
      yield* c.CreateThread(function* (t) { yield* t.Sleep(2); yield* t.CloseHandle(wr); }, 0);
      rec(yield* read(c, rd, 16));
    });
    expect(r.got).toEqual([-ERROR_BROKEN_PIPE]);
  });

  it('WriteFile with the read handle closed fails with ERROR_NO_DATA (232) and the process gets no signal', () => {
    const r = run(function* (c, rec) {
      const [rd, wr] = yield* pipe(c);
      yield* c.CloseHandle(rd);
      rec(yield* write(c, wr, 'x'));
      rec(c.GetLastError());
    });
    expect(r.got).toEqual([-1, ERROR_NO_DATA]);
  });

  it('each handle moves data one way: reading the write handle or writing the read handle is ERROR_ACCESS_DENIED (5)', () => {
    const r = run(function* (c, rec) {
      const [rd, wr] = yield* pipe(c);
      rec(yield* read(c, wr, 4));
      rec(yield* write(c, rd, 'x'));
      rec(c.GetLastError());
    });
    expect(r.got).toEqual([-ERROR_ACCESS_DENIED, -1, ERROR_ACCESS_DENIED]);
  });

  it('the buffer is the size asked for: a writer of more blocks until the reader drains it', () => {
    const r = run(function* (c, rec) {
      const [rd, wr] = yield* pipe(c, 4096);
      const big = 'a'.repeat(6000);
      yield* c.CreateThread(function* (t) { rec(`wrote ${yield* write(t, wr, big)}`); }, 0);
      yield* c.Sleep(2);
      const first = yield* read(c, rd, 8192); // the first 4,096 bytes: the writer waits for room
      rec(`read ${String(first).length}`);
      yield* c.Sleep(2);
      const rest = yield* read(c, rd, 8192);
      rec(`read ${String(rest).length}`);
    });
    expect(r.got).toEqual(['read 4096', 'wrote 6000', 'read 1904']);
  });

  it('closing both handles releases the pipe: no file is left in the kernel', () => {
    const r = run(function* (c) {
      for (let i = 0; i < 3; i++) {
        const [rd, wr] = yield* pipe(c);
        yield* write(c, wr, 'x');
        yield* c.CloseHandle(i % 2 === 0 ? rd : wr);
        yield* c.CloseHandle(i % 2 === 0 ? wr : rd);
      }
    });
    expect(r.filesLeft).toBe(0);
  });
});

describe('named pipes: what NtCreateNamedPipeFile and NtOpenFile refuse', () => {
  /** A UNICODE_STRING for `name` in static memory. */
  function* uname(c: Win32, name: string): WGen<number> {
    const text = c.proc.staticAlloc(name.length * 2);
    const u16 = new Uint8Array(name.length * 2);
    for (let i = 0; i < name.length; i++) u16[2 * i] = name.charCodeAt(i);
    yield* c.poke(text, u16);
    const us = c.proc.staticAlloc(16);
    const b = new Uint8Array(16); const dv = new DataView(b.buffer);
    dv.setUint16(0, u16.length, true); dv.setUint16(2, u16.length, true); dv.setBigUint64(8, BigInt(text), true);
    yield* c.poke(us, b);
    return us;
  }
  function* create(c: Win32, us: number, type = FILE_PIPE_BYTE_STREAM_TYPE, instances = 1): WGen<number> {
    const out = c.proc.staticAlloc(32);
    return yield* nt(SYS.NtCreateNamedPipeFile, out, GENERIC_READ | SYNCHRONIZE, us, out + 8, FILE_SHARE_READ | FILE_SHARE_WRITE, FILE_CREATE,
      FILE_SYNCHRONOUS_IO_NONALERT, type, 0, 0, instances, 4096, 4096, 0);
  }
  function* open(c: Win32, us: number): WGen<number> {
    const out = c.proc.staticAlloc(32);
    return yield* nt(SYS.NtOpenFile, out, FILE_GENERIC_WRITE, us, out + 8, FILE_SHARE_READ, FILE_SYNCHRONOUS_IO_NONALERT);
  }

  it('a second client of a one-instance pipe gets STATUS_PIPE_NOT_AVAILABLE; a name that exists, STATUS_ACCESS_DENIED with FILE_CREATE; an unknown one, STATUS_OBJECT_NAME_NOT_FOUND', () => {
    const r = run(function* (c, rec) {
      const us = yield* uname(c, '\\Device\\NamedPipe\\test.1');
      rec(yield* create(c, us));
      rec(yield* open(c, us));
      rec(yield* open(c, us));
      rec(yield* create(c, us));
      rec(yield* open(c, yield* uname(c, '\\Device\\NamedPipe\\nobody')));
    });
    expect(r.got).toEqual([0, 0, STATUS_PIPE_NOT_AVAILABLE, STATUS_ACCESS_DENIED, STATUS_OBJECT_NAME_NOT_FOUND]);
  });

  it('message-type pipes and more than one instance are refused with STATUS_NOT_SUPPORTED (not modelled)', () => {
    const r = run(function* (c, rec) {
      rec(yield* create(c, yield* uname(c, '\\Device\\NamedPipe\\msg'), FILE_PIPE_MESSAGE_TYPE));
      rec(yield* create(c, yield* uname(c, '\\Device\\NamedPipe\\many'), FILE_PIPE_BYTE_STREAM_TYPE, 4));
    });
    expect(r.got).toEqual([STATUS_NOT_SUPPORTED, STATUS_NOT_SUPPORTED]);
  });

  it('kernel32 reports them as ERROR_PIPE_BUSY (231) and ERROR_FILE_NOT_FOUND (2)', () => {
    expect(RtlNtStatusToDosError(STATUS_PIPE_NOT_AVAILABLE)).toBe(ERROR_PIPE_BUSY);
    expect(ERROR_PIPE_BUSY).toBe(231);
    expect(RtlNtStatusToDosError(STATUS_OBJECT_NAME_NOT_FOUND)).toBe(ERROR_FILE_NOT_FOUND);
  });
});
