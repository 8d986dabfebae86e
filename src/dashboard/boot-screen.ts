// The boot frame bin/gomachine.mjs draws for `gomachine dash` before the sources
// load: whoever takes the screen over (the dashboard) adopts it; an error before
// that gives the terminal back first, so the message is seen.

interface BootScreen { restore(): void; drawnAtMs?: number }
const holder = globalThis as { gomachineBootScreen?: BootScreen };

/** Give the terminal back as it was before the boot frame (nothing when there was none). */
export function leaveBootScreen(): void {
  const b = holder.gomachineBootScreen;
  if (b === undefined) return;
  delete holder.gomachineBootScreen;
  b.restore();
}

/** When the boot frame was written (ms since the process started), or null when there was none. */
export function bootFrameAtMs(): number | null { return holder.gomachineBootScreen?.drawnAtMs ?? null; }

/** The dashboard now owns the alternate screen and will give it back itself. */
export function adoptBootScreen(): void { delete holder.gomachineBootScreen; }
