// A process's console output as the kernel keeps it: a bounded tail.
//
// A terminal keeps a scrollback of so many lines, not everything a program ever
// printed; gomachine keeps the last CONSOLE_TAIL_CHARS characters of each stream
// for the report and the dashboard and counts what fell off the front. Whoever
// wants every byte listens to the 'console' probe events as they come (`run`
// prints them as they are written). So a program that prints 512 MB costs the
// host the tail, not 512 MB of string.

/** How much of each stream a process keeps: 1 Mi characters. */
export const CONSOLE_TAIL_CHARS = 1 << 20;
/** Writes are decoded and published in slices of this many bytes (a string per slice, not one per write). */
export const CONSOLE_SLICE_BYTES = 64 * 1024;

export class ConsoleBuffer {
  private chunks: string[] = [];
  private chars = 0;
  /** The joined tail, rebuilt only when read after a write. */
  private joined: string | null = '';
  /** UTF-8 bytes written and dropped from the front so far. */
  droppedBytes = 0;
  /** Decodes across writes, so a character split between two writes comes out whole. */
  readonly decoder = new TextDecoder('utf-8');

  constructor(private readonly cap = CONSOLE_TAIL_CHARS) {}

  append(text: string): void {
    if (text.length === 0) return;
    this.chunks.push(text); this.chars += text.length; this.joined = null;
    while (this.chars > this.cap) {
      const first = this.chunks[0]!;
      const over = this.chars - this.cap;
      const cut = over >= first.length ? first : first.slice(0, over);
      this.droppedBytes += Buffer.byteLength(cut, 'utf8');
      if (cut === first) this.chunks.shift(); else this.chunks[0] = first.slice(over);
      this.chars -= cut.length;
    }
  }

  /** The kept tail. */
  get text(): string {
    if (this.joined === null) { this.joined = this.chunks.join(''); this.chunks = this.joined === '' ? [] : [this.joined]; }
    return this.joined;
  }
}
