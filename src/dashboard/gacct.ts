// Per-goroutine time accounting, as tokio-console keeps it per task: for every
// live goroutine, the time it spent running (busy), runnable waiting for a P
// (scheduled) and parked (idle), how many times it was switched in (polls), and
// since when it is in its current state — all from the runtime's go_create /
// go_status / go_unblock events on the probe bus, so every goroutine is
// accounted for, not only the sampled ones whose waitsince the runtime records.
//
// One small record per live goroutine, updated in place per event (no allocation
// once a goroutine exists); the dashboard copies out only the rows it lists.

import type { ProbeEvent } from '../machine/probe.ts';
import { GO_EVENTS } from '../runtime/snapshot.ts';
import { addTo, emptyGoHists, type GoHists } from './hist.ts';

/** What the Goroutines view shows for one goroutine (times in cycles). */
export interface GAcct {
  goid: number;
  state: string;
  /** When it entered its current state. */
  since: number;
  busy: number; scheduled: number; idle: number;
  polls: number;
  /** Why it last parked, and on which thread and P it was when it did. */
  waitReason: string;
  where: string;
  startFn: string;
}

/** States as the accounting buckets them. */
function bucket(state: string): 'busy' | 'scheduled' | 'idle' | null {
  switch (state) {
    case '_Grunning': return 'busy';
    case '_Grunnable': case '_Gpreempted': return 'scheduled';
    case '_Gwaiting': case '_Gsyscall': return 'idle';
    default: return null;
  }
}

export class GoroutineAccounts {
  /** pid → goid → account. */
  readonly procs = new Map<number, Map<number, GAcct>>();
  /** The machine's distributions (hist.ts), changed in place; `histsVersion` counts the changes. */
  private readonly hists: GoHists = emptyGoHists();
  private histsVersion = 0;
  private histsShown: { version: number; view: GoHists } | null = null;

  /** `clockHz`: the machine's clock, to put the scheduler latency in ns. */
  constructor(private readonly clockHz = 3e9) {}

  /** Fold one probe event (others are ignored). */
  onEvent(ev: ProbeEvent): void {
    if (ev.kind === GO_EVENTS.goCreate) this.set(ev.pid, ev.a, ev.t, '_Grunnable', '', '', ev.s);
    else if (ev.kind === GO_EVENTS.goStatus) {
      const i = ev.s.indexOf(':');
      const st = i < 0 ? ev.s : ev.s.slice(0, i);
      this.set(ev.pid, ev.a, ev.t, st, i < 0 ? '' : ev.s.slice(i + 1), `${ev.b >= 0 ? `P${ev.b} ` : ''}thread ${ev.tid}`, '');
    } else if (ev.kind === GO_EVENTS.goUnblock) this.set(ev.pid, ev.a, ev.t, '_Grunnable', '', '', '');
    else if (ev.kind === GO_EVENTS.stw && ev.b === 1) { addTo(this.hists.stwNs, ev.a); this.histsVersion++; }
    else if (ev.kind === 'proc_exit') this.procs.delete(ev.pid);
  }

  private set(pid: number, goid: number, t: number, state: string, reason: string, where: string, startFn: string): void {
    let gs = this.procs.get(pid);
    if (gs === undefined) { gs = new Map(); this.procs.set(pid, gs); }
    let a = gs.get(goid);
    if (a === undefined) {
      a = { goid, state, since: t, busy: 0, scheduled: 0, idle: 0, polls: 0, waitReason: reason, where, startFn };
      gs.set(goid, a);
      if (state === '_Grunning') a.polls++;
      return;
    }
    if (startFn !== '') a.startFn = startFn;
    if (state === a.state && reason === a.waitReason) return;
    const b = bucket(a.state);
    if (b !== null && t > a.since) { a[b] += t - a.since; this.hists.stateCycles[b] += t - a.since; this.histsVersion++; }
    if (state === '_Gdead') { gs.delete(goid); return; }
    if (state === '_Grunning' && a.state !== '_Grunning') {
      a.polls++;
      if (b === 'scheduled') addTo(this.hists.schedNs, Math.max(0, t - a.since) / this.clockHz * 1e9);
    }
    a.state = state; a.since = t; a.waitReason = state === '_Gwaiting' ? reason : '';
    if (where !== '') a.where = where;
  }

  /** The distributions as a value that changes identity only when they changed. */
  histograms(): GoHists {
    const h = this.hists;
    if (this.histsShown === null || this.histsShown.version !== this.histsVersion) {
      this.histsShown = { version: this.histsVersion, view: { schedNs: h.schedNs.slice(), stwNs: h.stwNs.slice(), stateCycles: { ...h.stateCycles } } };
    }
    return this.histsShown.view;
  }

  /** A copy of the listed goroutines' accounts, with the current state's time counted up to `now`. */
  rows(pid: number, goids: readonly number[], now: number): Record<number, GAcct> {
    const out: Record<number, GAcct> = {};
    const gs = this.procs.get(pid);
    if (gs === undefined) return out;
    for (const goid of goids) {
      const a = gs.get(goid);
      if (a === undefined) continue;
      const r = { ...a };
      const b = bucket(a.state);
      if (b !== null && now > a.since) r[b] += now - a.since;
      out[goid] = r;
    }
    return out;
  }

  /** Every live goroutine of a process (for sorting the whole table), counted up to `now`. */
  all(pid: number, now: number): GAcct[] {
    const gs = this.procs.get(pid);
    return gs === undefined ? [] : this.rowsOf([...gs.keys()], pid, now);
  }

  private rowsOf(goids: number[], pid: number, now: number): GAcct[] { return Object.values(this.rows(pid, goids, now)); }
}
