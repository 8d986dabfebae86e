// Carrying the model from the simulation's thread to the screen's: a delta of
// what changed since the last model sent, by identity. The model is immutable
// and updated with immer, so "changed" is "not the same object": a top-level
// field that kept its identity is not sent, and the keyed records (threads,
// processes, runtimes) and the cores send only their changed entries. The
// screen's side applies a delta to its previous model, so every unchanged part
// keeps its identity there too — which is what lets panes skip redrawing and
// lets the history of models share everything that did not change.

import type { DashModel } from './state.ts';

type Rec = 'threads' | 'procs' | 'runtimes' | 'gacct';
const RECORDS: readonly Rec[] = ['threads', 'procs', 'runtimes', 'gacct'];

export interface RecordDelta { put: Record<number, unknown>; del: number[] }

export interface ModelDelta {
  /** Top-level fields (other than the records and cores) that changed. */
  set: Partial<DashModel>;
  records: Partial<Record<Rec, RecordDelta>>;
  /** Changed cores by index. */
  cores?: Record<number, DashModel['cores'][number]>;
  coreCount?: number;
}

/** What changed from `prev` (null: everything) to `next`. */
export function diffModel(prev: DashModel | null, next: DashModel): ModelDelta {
  const d: ModelDelta = { set: {}, records: {} };
  const set = d.set as Record<string, unknown>;
  for (const k of Object.keys(next) as (keyof DashModel)[]) {
    if (k === 'cores' || (RECORDS as readonly string[]).includes(k)) continue;
    if (prev === null || prev[k] !== next[k]) set[k] = next[k];
  }
  for (const r of RECORDS) {
    const a = (prev?.[r] ?? {}) as Record<number, unknown>;
    const b = (next[r] ?? {}) as Record<number, unknown>;
    if (prev !== null && a === b) continue;
    if (next[r] === undefined && prev?.[r] === undefined) continue;
    const rd: RecordDelta = { put: {}, del: [] };
    for (const k of Object.keys(b)) if (a[Number(k)] !== b[Number(k)]) rd.put[Number(k)] = b[Number(k)];
    for (const k of Object.keys(a)) if (!(k in b)) rd.del.push(Number(k));
    d.records[r] = rd;
  }
  if (prev === null || prev.cores !== next.cores) {
    d.cores = {};
    next.cores.forEach((c, i) => { if (prev === null || prev.cores[i] !== c) d.cores![i] = c; });
    d.coreCount = next.cores.length;
  }
  return d;
}

/** `prev` with `d` applied: a new model sharing every unchanged part of `prev`. */
export function applyDelta(prev: DashModel | null, d: ModelDelta): DashModel {
  const m = { ...(prev ?? {}), ...d.set } as DashModel & Record<string, unknown>;
  for (const r of RECORDS) {
    const rd = d.records[r];
    if (rd === undefined) continue;
    const rec = { ...((prev?.[r] ?? {}) as Record<number, unknown>) };
    for (const [k, v] of Object.entries(rd.put)) rec[Number(k)] = v;
    for (const k of rd.del) delete rec[k];
    (m as Record<string, unknown>)[r] = rec;
  }
  if (d.cores !== undefined) {
    const cores = (prev?.cores ?? []).slice(0, d.coreCount);
    for (const [i, c] of Object.entries(d.cores)) cores[Number(i)] = c;
    m.cores = cores;
  }
  return m;
}
