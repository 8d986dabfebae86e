// Messages between the screen's thread and the simulation's thread (worker.ts).

import type { ModelDelta } from './delta.ts';
import type { DriverAction, GoTable, Summary, TableQuery } from './driver.ts';

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
}

export type ToSim =
  | { type: 'ack' }
  | { type: 'act'; action: DriverAction }
  | { type: 'query'; query: TableQuery | null }
  | { type: 'replay'; cycles: number[]; speed: number }
  | { type: 'quit' };

export type FromSim =
  | { type: 'boot'; text: string }
  | { type: 'ready'; titles: string[]; scenario: string; seed: number }
  /** `gen` counts replays: a frame of an older generation is stale. */
  | { type: 'frame'; gen: number; deltas: (ModelDelta | null)[]; table: GoTable | null | undefined; summary: Summary | null | undefined; replaying: boolean }
  | { type: 'error'; message: string };

/** The frame period (30 frames a second) and the share of it the simulation may take. */
export const FRAME_MS = 1000 / 30;
export const FRAME_BUDGET_MS = 20;
