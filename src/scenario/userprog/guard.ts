// The checks a user program's modules are built with (see instrument.ts): what
// keeps a JavaScript loop that never yields an instruction from hanging
// gomachine. A program's generator runs on the host's only thread: while it
// loops without yielding, nothing else can run — no timer, no watchdog, not the
// Ctrl-C handler — so the loop itself has to look at the clock.
//
// Every loop body in user code starts with `loop(site)`, every yield in user code
// ends in `resumed(...)`, and every user generator body starts with `enter()`.
// Entering or resuming user code is progress: the simulation ran in between. A
// loop that goes on for LIMIT_MS of wall time with no progress is spinning in
// JavaScript: it throws RunawayLoop, which the kernel turns into a stop of the
// whole run naming the process, the thread and the loop's file:line.
//
// The clock is read once every CHECK_EVERY loop iterations (all loops together),
// a few ns per iteration. A gap of more than a second between two checks means
// the loops ran at different times (the simulation ran in between without
// passing through user code): the count starts again.

/** How long a loop may run in JavaScript without yielding an instruction, in wall-clock ms. */
export const LIMIT_MS = Number(process.env.GOMACHINE_SPIN_LIMIT_MS ?? 2000);
const CHECK_EVERY = 1024;
const GAP_MS = 1000;

let progress = 0;
let iterations = 0;
let seen = -1;
let since = 0;
let lastCheck = 0;
/** Once a loop has been caught, every check throws: user code cannot catch its way out. */
let tripped: RunawayLoop | null = null;

/** A loop in user code spun in JavaScript; `site` is its file:line:column in the program's source. */
export class RunawayLoop extends Error {
  override readonly name = 'RunawayLoop';
  constructor(readonly site: string, readonly wallMs: number) {
    super(`spun ${(wallMs / 1000).toFixed(1)} s of wall time in JavaScript without yielding an instruction, in the loop at ${site}; ` +
      'a loop that stands for work must yield it: `yield* ...` a runtime or C library call (yield* c.spin(cycles), yield* time.Sleep(d)) or `yield compute(cycles)`');
  }
}

/** At the top of every loop body in user code. */
export function loop(site: string): void {
  if ((++iterations & (CHECK_EVERY - 1)) === 0 || tripped !== null) check(site);
}

function check(site: string): void {
  if (tripped !== null) throw tripped;
  const now = performance.now();
  if (progress !== seen || now - lastCheck > GAP_MS) { seen = progress; since = now; }
  lastCheck = now;
  if (now - since > LIMIT_MS) { tripped = new RunawayLoop(site, now - since); throw tripped; }
}

/** Around every yield in user code: the generator was resumed, so the simulation went on. */
export function resumed<T>(v: T): T {
  if (tripped !== null) throw tripped;
  progress++;
  return v;
}

/** At the top of every generator body in user code: it was started by the simulation. */
export function enter(): void {
  if (tripped !== null) throw tripped;
  progress++;
}

/** Forget a caught loop (a new run in the same host process, e.g. in tests). */
export function resetGuard(): void { tripped = null; seen = -1; }
