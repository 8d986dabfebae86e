// Faults on the wire, as Linux's netem qdisc injects them (tc qdisc add dev eth0
// root netem loss 1% duplicate 5% reorder 5% delay 1ms 100us corrupt 0.1%), plus
// the two faults netem cannot express on one host: a link that goes down for a
// window of time, and a partition that cuts a NIC off from some hosts only.
//
// A fault rule applies to one NIC's link (or every link), in one direction or
// both (out: machine → world, in: world → machine), for a window of simulated
// time, and optionally only to frames to or from given external hosts. Every
// frame that crosses a link with rules is judged once, after it has been
// serialized at the link rate (a lost frame still took its time on the wire):
//   down        dropped (link down, or a partition when `hosts` is set)
//   loss        dropped with this probability
//   corrupt     delivered with a flipped bit, which the receiver's checksum
//               rejects: dropped there, counted apart from loss
//   duplicate   delivered twice (the copy right behind the original)
//   reorder     held back `reorderDelay` with this probability, so frames sent
//               after it overtake it (netem's "reorder" with a delay)
//   jitter      an extra delay drawn uniformly from [0, jitter]
// Every draw comes from the machine's seeded stream `netem:<nic>`, one stream per
// link, and only frames on links with rules draw: a run without faults draws
// nothing and is the run it was.

import type { RngStream } from './rng.ts';

export type FaultDirection = 'in' | 'out' | 'both';

export interface FaultRule {
  direction: FaultDirection;
  /** The window the rule is active in, ns of simulated time [fromNs, untilNs). */
  fromNs: number;
  untilNs: number;
  /** Only frames to (out) or from (in) these external hosts; empty: every frame. */
  hosts: readonly number[];
  down: boolean;
  /** Probabilities, 0..1. */
  loss: number;
  corrupt: number;
  duplicate: number;
  reorder: number;
  reorderDelayNs: number;
  jitterNs: number;
}

/** What the faults did to one link's frames (both directions). */
export interface FaultStats { lost: number; corrupted: number; duplicated: number; reordered: number; delayed: number; downDrops: number }

export function emptyFaultStats(): FaultStats { return { lost: 0, corrupted: 0, duplicated: 0, reordered: 0, delayed: 0, downDrops: 0 }; }

/** The verdict on one frame: drop it, or deliver it after `extraNs` (and once more if `duplicate`). */
export interface Verdict { drop: boolean; extraNs: number; duplicate: boolean }

/** The fault rules of one link, and what they did. */
export class Netem {
  readonly stats = emptyFaultStats();
  private readonly v: Verdict = { drop: false, extraNs: 0, duplicate: false };
  constructor(readonly rules: readonly FaultRule[], private readonly rng: RngStream) {}

  /**
   * Judge a frame crossing in direction `dir` at `nowNs` between the NIC and external
   * host `peer`. The verdict object is reused: read it before the next call.
   */
  judge(dir: 'in' | 'out', nowNs: number, peer: number): Verdict {
    const v = this.v;
    v.drop = false; v.extraNs = 0; v.duplicate = false;
    for (const r of this.rules) {
      if (r.direction !== 'both' && r.direction !== dir) continue;
      if (nowNs < r.fromNs || nowNs >= r.untilNs) continue;
      if (r.hosts.length > 0 && !r.hosts.includes(peer)) continue;
      if (r.down) { this.stats.downDrops++; v.drop = true; return v; }
      if (r.loss > 0 && this.rng.float() < r.loss) { this.stats.lost++; v.drop = true; return v; }
      if (r.corrupt > 0 && this.rng.float() < r.corrupt) { this.stats.corrupted++; v.drop = true; return v; }
      if (r.duplicate > 0 && !v.duplicate && this.rng.float() < r.duplicate) { this.stats.duplicated++; v.duplicate = true; }
      if (r.reorder > 0 && this.rng.float() < r.reorder) { this.stats.reordered++; v.extraNs += r.reorderDelayNs; }
      if (r.jitterNs > 0) { const j = this.rng.float() * r.jitterNs; if (j > 0) { this.stats.delayed++; v.extraNs += j; } }
    }
    return v;
  }
}
