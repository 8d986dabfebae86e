// Messages between the screen's thread and the simulation's thread (worker.ts).

import type { ModelDelta } from './delta.ts';
import type { DriverAction, GoTable, Summary, TableQuery } from './driver.ts';
import type { ExportKind } from './export.ts';

/** What the simulation thread is started with. */
export interface SimInit {
  /** The machines to run side by side: a scenario file each, and which of its variants (null: the scenario itself, or its first variant). */
  runs: { file: string; variant: string | null }[];
  seed?: number;
  speed?: number;
  paused?: boolean;
  /** --race: every process built with the race detector. */
  race?: boolean;
  /** Turn the lints on (`dash --lint`); a scenario's `lint:` section turns them on anyway. */
  lint?: boolean;
  /**
   * The waking interrupt: one Int32 the screen's thread increments (Atomics.add) with every message
   * it sends; the simulation compares it with what it has read, and a frame in progress ends after
   * its current slice — the key is answered in a slice's time, not a frame's.
   */
  wake?: SharedArrayBuffer;
}

export type ToSim =
  | { type: 'ack' }
  | { type: 'act'; action: DriverAction }
  | { type: 'query'; query: TableQuery | null }
  | { type: 'replay'; cycles: number[]; speed: number; events?: (number | null)[] }
  /** `e` / `w`: the trace or pcap of machine `machine`'s run so far. */
  | { type: 'export'; what: ExportKind; machine: number; until: number }
  /** `k`: signal `sig` from the console to process `pid` (or its thread `tid`) of machine `machine`, now. */
  | { type: 'signal'; machine: number; pid: number; tid: number | null; sig: number }
  | { type: 'quit' };

export type FromSim =
  | { type: 'boot'; text: string }
  | { type: 'ready'; titles: string[]; scenario: string; seed: number }
  /** `gen` counts replays: a frame of an older generation is stale. */
  | { type: 'frame'; gen: number; deltas: (ModelDelta | null)[]; table: GoTable | null | undefined; summary: Summary | null | undefined; replaying: boolean }
  /** A line for the user (what an export wrote). */
  | { type: 'notice'; text: string }
  | { type: 'error'; message: string };

/** The frame period (30 frames a second) and the share of it the simulation may take. */
export const FRAME_MS = 1000 / 30;
export const FRAME_BUDGET_MS = 20;
