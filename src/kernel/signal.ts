// Signals (Linux's kernel/signal.c and arch/x86/kernel/signal.c).
//
// Generation marks a signal pending on a thread (tgkill) or on the process
// (kill), and wakes a thread that can take it. Delivery happens only on the
// way back to user mode (exitToUser): the lowest pending unblocked signal is
// taken; its action is the default (terminate, dump core, ignore), or a
// handler, for which the kernel saves the interrupted context in a sigframe and
// starts the image's signal trampoline on top of the thread's program. The
// trampoline ends in rt_sigreturn, which restores the context — including a
// syscall to restart when the handler was installed with SA_RESTART.

import type { Core } from '../machine/core.ts';
import { COSTS } from '../machine/costs.ts';
import { copyInstr } from '../machine/instr.ts';
import type { Kernel } from './kernel.ts';
import { Wake, type Process, type Thread } from './proc.ts';
import { ERESTARTSYS, ERESTARTNOINTR, ERESTARTNOHAND, ERESTART_RESTARTBLOCK, EINTR } from './uapi/errno.ts';
import { SIGKILL, SIGSTOP, SIGSEGV, SIG_DFL, SIG_IGN, SA_SIGINFO, SA_ONSTACK, SA_RESTART, SA_NODEFER, SA_RESETHAND, sigDefaultAction, signalName } from './uapi/signal.ts';
import { W_EXITCODE } from './uapi/flags.ts';
import { ucontext } from './uapi/image.ts';

export function sigbit(sig: number): bigint { return 1n << BigInt(sig - 1); }
const UNBLOCKABLE = sigbit(SIGKILL) | sigbit(SIGSTOP);

export function isRestartCode(r: number): boolean {
  return r === -ERESTARTSYS || r === -ERESTARTNOINTR || r === -ERESTARTNOHAND || r === -ERESTART_RESTARTBLOCK;
}

export function hasDeliverableSignal(t: Thread): boolean {
  return ((t.sigpending | t.proc.sharedPending) & ~t.sigmask) !== 0n;
}

function isIgnored(p: Process, sig: number): boolean {
  const h = p.sigactions[sig]!.handler;
  if (h === SIG_IGN) return sig !== SIGKILL && sig !== SIGSTOP;
  return h === SIG_DFL && sigDefaultAction(sig) === 'ign';
}

function isFatalDefault(p: Process, sig: number): boolean {
  if (sig === SIGKILL) return true;
  const a = sigDefaultAction(sig);
  return p.sigactions[sig]!.handler === SIG_DFL && (a === 'term' || a === 'core');
}

/** The wait status of a process killed by `sig`. */
export function killedStatus(sig: number): number {
  return W_EXITCODE(0, sig) | (sigDefaultAction(sig) === 'core' ? 0x80 : 0);
}

/**
 * send_signal: to thread `t` (tgkill) or to the process (kill). An ignored signal
 * is dropped; a fatal one with the default action takes the whole group down
 * at once (complete_signal's "zap"), as Linux does.
 */
export function sendSignal(k: Kernel, p: Process, sig: number, t: Thread | null): void {
  if (p.state !== 'alive' || p.exiting) return;
  const bit = sigbit(sig);
  k.m.probe.emit('signal', k.now(), k.core.id, p.pid, t?.tid ?? 0, sig, 0, signalName(sig));
  const blockedEverywhere = t !== null ? (t.sigmask & bit & ~UNBLOCKABLE) !== 0n
    : [...p.threads].every((x) => (x.sigmask & bit & ~UNBLOCKABLE) !== 0n);
  if (isIgnored(p, sig) && !blockedEverywhere) return;
  if (t !== null) t.sigpending |= bit; else p.sharedPending |= bit;
  if (!blockedEverywhere && isFatalDefault(p, sig)) {
    k.log(`${p.name}[${p.pid}]: killed by ${signalName(sig)}`);
    k.killProcess(p, killedStatus(sig));
    return;
  }
  // signal_wake_up: the target thread, or any thread of the group not blocking it.
  let target = t;
  if (target === null) for (const x of p.threads) if ((x.sigmask & bit) === 0n) { target = x; break; }
  if (target === null || (target.sigmask & bit) !== 0n) return;
  if (target.state === 'sleeping') k.wakeUp(target, Wake.Signal);
  else if (target.state === 'running' && target.cpu !== k.core.id) k.kick(target.cpu);
}

function takeSignal(t: Thread): number {
  const p = t.proc;
  let pend = t.sigpending & ~t.sigmask;
  let shared = false;
  if (pend === 0n) { pend = p.sharedPending & ~t.sigmask; shared = true; }
  if (pend === 0n) return 0;
  let sig = 1;
  while ((pend & sigbit(sig)) === 0n) sig++;
  if (shared) p.sharedPending &= ~sigbit(sig); else t.sigpending &= ~sigbit(sig);
  return sig;
}

/** get_signal + handle_signal: deliver one pending signal to `t`, which is about to return to user mode. */
export function deliverSignal(k: Kernel, core: Core, t: Thread): void {
  const p = t.proc;
  const sig = takeSignal(t);
  if (sig === 0) return;
  const act = p.sigactions[sig]!;
  if (act.handler === SIG_IGN) return;
  if (act.handler === SIG_DFL) {
    const a = sigDefaultAction(sig);
    if (a === 'ign' || a === 'cont' || a === 'stop') return; // job control is not modelled: stops are ignored
    k.log(`${p.name}[${p.pid}]: killed by ${signalName(sig)}`);
    k.killProcess(p, killedStatus(sig));
    return;
  }
  const ctx = t.ctx;
  let ret = ctx.ret;
  let restartNr = -1;
  if (typeof ret === 'number' && isRestartCode(ret)) {
    const restart = ret === -ERESTARTNOINTR || (ret === -ERESTARTSYS && (act.flags & SA_RESTART) !== 0);
    if (restart) { restartNr = t.sysNr; ret = undefined; } else ret = -EINTR;
  }
  // Where the frame goes: the alternate stack if asked for and set, else below the current sp.
  let uctx = 0;
  if ((act.flags & SA_SIGINFO) !== 0) {
    const onAlt = (act.flags & SA_ONSTACK) !== 0 && t.altstackSize > 0;
    const sp = onAlt ? t.altstackSp + t.altstackSize : ctx.sp;
    uctx = Math.floor((sp - 128 - ucontext.size) / 16) * 16;
    const b = new Uint8Array(ucontext.size); const dv = new DataView(b.buffer);
    dv.setFloat64(ucontext.uc_rip, ctx.pending, true);
    dv.setFloat64(ucontext.uc_rsp, ctx.sp, true);
    dv.setFloat64(ucontext.uc_rax, typeof ret === 'number' ? ret : 0, true);
    dv.setBigUint64(ucontext.uc_sigmask, t.sigmask, true);
    if (p.mm.copyOut(uctx, b) !== 0) {
      // No room for the frame: force SIGSEGV with the default action, as force_sigsegv does.
      p.sigactions[SIGSEGV]!.handler = SIG_DFL;
      k.log(`${p.name}[${p.pid}]: could not set up a signal frame for ${signalName(sig)} (sp ${sp.toString(16)})`);
      k.killProcess(p, killedStatus(SIGSEGV));
      return;
    }
  }
  const frameMask = t.savedSigmask ?? t.sigmask; // sigmask_to_save(): the handler returns to the pre-pwait mask
  t.savedSigmask = null;
  // The held instruction is copied: the context's hold record is used again by the handler's own holds.
  t.sigframes.push({ pending: ctx.pending, held: ctx.held === null ? null : copyInstr(ctx.held), ret, mask: frameMask, ucontext: uctx, restartNr, args: [t.a0, t.a1, t.a2, t.a3, t.a4, t.a5] });
  ctx.pending = 0;
  ctx.held = null;
  ctx.ret = undefined;
  t.sigmask |= act.mask;
  if ((act.flags & SA_NODEFER) === 0) t.sigmask |= sigbit(sig);
  t.sigmask &= ~UNBLOCKABLE;
  if ((act.flags & SA_RESETHAND) !== 0) { act.handler = SIG_DFL; act.flags = 0; }
  core.chargeKernel(COSTS.signalDeliver.cycles);
  ctx.frames.push(p.image.signalEntry(k.personality.sigOut(sig), act.handler, uctx, ctx.fsbase));
  k.m.probe.emit('signal_deliver', k.now(), core.id, p.pid, t.tid, sig, act.handler);
}

/** rt_sigreturn: restore the context saved when the handler started. */
export function sigreturn(k: Kernel, t: Thread): boolean {
  const f = t.sigframes.pop();
  if (f === undefined || t.ctx.frames.length < 2) return false;
  const ctx = t.ctx;
  ctx.frames.pop();
  let pending = f.pending;
  let mask = f.mask;
  if (f.ucontext !== 0) {
    const b = t.proc.mm.copyIn(f.ucontext, ucontext.size);
    if (typeof b === 'number') return false;
    const dv = new DataView(b.buffer);
    pending = Math.max(0, Math.floor(dv.getFloat64(ucontext.uc_rip, true)));
    mask = dv.getBigUint64(ucontext.uc_sigmask, true);
  }
  ctx.pending = pending;
  ctx.held = f.held;
  ctx.ret = f.ret;
  t.sigmask = mask & ~UNBLOCKABLE;
  // An interrupted syscall with SA_RESTART runs again once rt_sigreturn itself has returned.
  if (f.restartNr >= 0) t.restartAfterReturn = { nr: f.restartNr, args: f.args };
  void k;
  return true;
}
