// Ink's output pass, composed without an object per cell: the same bytes, a fraction of the work.
//
// Ink 6.8.0 turns a frame into text in Output.get: it fills a grid with one object per cell,
// writes every text node into it one character at a time (each line tokenized with a grapheme
// segmenter, each character given its own copy of the active styles), then turns every row back
// into a string by diffing the styles of each cell with its neighbour's (three Sets per cell).
// Nothing of that is kept between frames. At 120×40 it was most of the dashboard's frame
// (bench/RESULTS.md, "Dashboard": styledChars, tokenize, string-width and the collector).
//
// composeOutput takes the same writes and clips and produces the same string:
// - a line is parsed once into its characters, their widths and one style id per character,
//   and kept across frames keyed by its text (most lines of a frame are the last frame's);
// - a style is interned by its codes, so a row is two plain arrays (characters, style ids) and
//   a change of style costs one cached string, computed once with ansi-tokenize's own diff;
// - a line of ordinary characters (each its own grapheme) and SGR sequences is parsed by a scan
//   of its code units; anything else (other escapes, combining marks, surrogates, Hangul) goes
//   through ansi-tokenize exactly as Ink does.
// The tokenizer, style reduction and diff are ansi-tokenize's (the version Ink uses, pinned),
// and a box that clips horizontally (the dashboard's do not) is left to Ink's own pass, so the
// output is Ink's byte for byte: test/dashboard/ink-output.test.tsx compares the two on the
// dashboard's screens. On any other version of Ink the composer is not installed.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ansiCodesToString, diffAnsiCodes, reduceAnsiCodesIncremental, styledCharsFromTokens, tokenize, type AnsiCode } from '@alcalzone/ansi-tokenize';

/** The version of Ink whose output pass this reproduces. */
export const INK_VERSION = '6.8.0';

/** What Ink's Output holds when get() is called (ink/build/output.js). */
interface Clip { x1?: number; x2?: number; y1?: number; y2?: number }
type Transformer = (line: string, index: number) => string;
type Operation = { type: 'write'; x: number; y: number; text: string; transformers: Transformer[] } | { type: 'clip'; clip: Clip } | { type: 'unclip' };
export interface InkOutput {
  width: number;
  height: number;
  operations: Operation[];
  caches: { getStringWidth(text: string): number; getWidestLine(text: string): number };
}
type Get = (this: InkOutput) => { output: string; height: number };

// --- styles ---------------------------------------------------------------------------

/** Interned styles: id 0 is no style (a blank cell's). */
const styleIds = new Map<string, number>([['', 0]]);
const styleCodes: AnsiCode[][] = [[]];

function styleId(codes: AnsiCode[]): number {
  let key = '';
  for (const c of codes) key += `${c.code}\u0000${c.endCode}\u0001`;
  let id = styleIds.get(key);
  if (id === undefined) { id = styleCodes.length; styleCodes.push(codes); styleIds.set(key, id); }
  return id;
}

/** The escape codes that take a cell of style `from` to style `to` (ansi-tokenize's diff; from no style: the style itself). */
const changes: string[][] = [];
function change(from: number, to: number): string {
  const row = changes[from] ??= [];
  let s = row[to];
  if (s === undefined) { s = ansiCodesToString(diffAnsiCodes(styleCodes[from]!, styleCodes[to]!)); row[to] = s; }
  return s;
}

/** The style after an SGR sequence (as ansi-tokenize splits and reduces it), by style and sequence. */
const afterSgr = new Map<string, number>();
function styleAfter(from: number, sgr: string): number {
  const key = `${from} ${sgr}`;
  let id = afterSgr.get(key);
  if (id === undefined) {
    let codes = styleCodes[from]!;
    for (const t of tokenize(sgr)) if (t.type === 'ansi') codes = reduceAnsiCodesIncremental(codes, [t]);
    id = styleId(codes);
    afterSgr.set(key, id);
  }
  return id;
}

// --- lines ----------------------------------------------------------------------------

/** A line as cells: its characters (graphemes), each one's style id and its width in columns (at least 1). */
interface Cells { chars: string[]; styles: number[]; widths: number[] }

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const graphemes = (s: string): number => { let n = 0; for (const _ of segmenter.segment(s)) n++; return n; };

/**
 * 1: the code unit is a grapheme of its own next to any other such unit (Unicode's grapheme
 * classes Other or Control: it joins neither what precedes it, as Extend, ZWJ and SpacingMark
 * do, nor what follows, as Prepend does); -1: not, or a control the tokenizer treats apart
 * (ESC, CR, C1), a surrogate, or Hangul (whose jamo join one another). 0: not yet asked.
 */
const ownGrapheme = new Int8Array(0x10000);
function isOwnGrapheme(u: number): boolean {
  let v = ownGrapheme[u]!;
  if (v === 0) {
    const ch = String.fromCharCode(u);
    v = u < 0x20 || (u >= 0x7f && u <= 0x9f) || (u >= 0xd800 && u <= 0xdfff)
      || (u >= 0x1100 && u <= 0x11ff) || (u >= 0xa960 && u <= 0xa97f) || (u >= 0xac00 && u <= 0xd7ff)
      ? -1
      : graphemes(`a${ch}`) === 2 && graphemes(`${ch}a`) === 2 && graphemes(ch + ch) === 2 ? 1 : -1;
    ownGrapheme[u] = v;
  }
  return v > 0;
}

/** The cells of a line of ordinary characters and SGR sequences, by a scan of its code units; null if it has anything else. */
function scanCells(line: string): { chars: string[]; styles: number[] } | null {
  const chars: string[] = []; const styles: number[] = [];
  let sid = 0;
  for (let i = 0; i < line.length;) {
    const u = line.charCodeAt(i);
    if (u === 0x1b) {
      if (line.charCodeAt(i + 1) !== 0x5b) return null; // not a CSI
      let j = i + 2;
      for (; j < line.length; j++) {
        const d = line.charCodeAt(j);
        if (d === 0x6d) break; // m: the end of an SGR sequence
        if (d !== 0x3b && (d < 0x30 || d > 0x39)) return null; // not an SGR sequence
      }
      if (j >= line.length) return null;
      sid = styleAfter(sid, line.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    if (!isOwnGrapheme(u)) return null;
    chars.push(line[i]!); styles.push(sid);
    i++;
  }
  return { chars, styles };
}

/** The cells of any line, as Ink makes them (ansi-tokenize's tokenizer and styles). */
function tokenizedCells(line: string): { chars: string[]; styles: number[] } {
  const chars: string[] = []; const styles: number[] = [];
  for (const c of styledCharsFromTokens(tokenize(line))) { chars.push(c.value); styles.push(styleId(c.styles)); }
  return { chars, styles };
}

/** Widths of single graphemes, from Ink's string-width (a pure function of the grapheme). */
const graphemeWidths = new Map<string, number>();

/**
 * Lines seen lately, by text: two generations, so that a line drawn every frame stays and the
 * cache stays bounded (a generation is dropped once the newer one holds LINES lines).
 */
const LINES = 4096;
let lines = new Map<string, Cells>();
let olderLines = new Map<string, Cells>();

function cellsOf(line: string, stringWidth: (s: string) => number): Cells {
  let c = lines.get(line);
  if (c !== undefined) return c;
  c = olderLines.get(line);
  if (c === undefined) {
    const { chars, styles } = scanCells(line) ?? tokenizedCells(line);
    const widths = chars.map((ch) => {
      let w = graphemeWidths.get(ch);
      if (w === undefined) { w = Math.max(1, stringWidth(ch)); graphemeWidths.set(ch, w); }
      return w;
    });
    c = { chars, styles, widths };
  }
  if (lines.size >= LINES) { olderLines = lines; lines = new Map(); }
  lines.set(line, c);
  return c;
}

// --- the frame ------------------------------------------------------------------------

/** Ink's own Output.get, kept for a box that clips horizontally and for the test that compares the two. */
export let inkGet: Get | null = null;

/** Output.get: the frame as text, from the writes and clips of Ink's render pass. */
export function composeOutput(this: InkOutput): { output: string; height: number } {
  if (inkGet !== null && this.operations.some((op) => op.type === 'clip' && typeof op.clip.x1 === 'number' && typeof op.clip.x2 === 'number')) {
    return inkGet.call(this);
  }
  const chars: (string | undefined)[][] = []; const styles: number[][] = [];
  for (let y = 0; y < this.height; y++) { chars.push(new Array<string>(this.width).fill(' ')); styles.push(new Array<number>(this.width).fill(0)); }
  const width = (s: string): number => this.caches.getStringWidth(s);
  const clips: Clip[] = [];
  for (const op of this.operations) {
    if (op.type === 'clip') { clips.push(op.clip); continue; }
    if (op.type === 'unclip') { clips.pop(); continue; }
    let text = op.text.split('\n');
    let y = op.y;
    const clip = clips[clips.length - 1];
    if (clip !== undefined && typeof clip.y1 === 'number' && typeof clip.y2 === 'number') {
      // Vertical clipping: a write wholly outside is dropped, one across an edge loses the lines beyond it.
      if (y + text.length < clip.y1 || y > clip.y2) continue;
      const from = y < clip.y1 ? clip.y1 - y : 0;
      const to = y + text.length > clip.y2 ? clip.y2 - y : text.length;
      text = text.slice(from, to);
      if (y < clip.y1) y = clip.y1;
    }
    let dy = 0;
    for (let index = 0; index < text.length; index++) {
      const row = chars[y + dy]; const rowStyles = styles[y + dy];
      if (row === undefined || rowStyles === undefined) continue; // below the frame (Ink does not advance here either)
      let line = text[index]!;
      for (const t of op.transformers) line = t(line, index);
      const c = cellsOf(line, width);
      let x = op.x;
      for (let k = 0; k < c.chars.length; k++) {
        const sid = c.styles[k]!; const w = c.widths[k]!;
        row[x] = c.chars[k]!; rowStyles[x] = sid;
        for (let i = 1; i < w; i++) { row[x + i] = ''; rowStyles[x + i] = sid; } // a wide character's other columns
        x += w;
      }
      dy++;
    }
  }
  const out: string[] = [];
  for (let y = 0; y < chars.length; y++) {
    const row = chars[y]!; const rowStyles = styles[y]!;
    let s = ''; let prev = 0; let any = false;
    for (let x = 0; x < row.length; x++) {
      const ch = row[x];
      if (ch === undefined) continue; // a gap left by a write past the end of the row
      const sid = rowStyles[x]!;
      // From no style, the diff is the style itself (what Ink writes before a row's first cell);
      // between cells of one style it is nothing.
      if (sid !== prev || !any) s += change(any ? prev : 0, sid);
      s += ch; prev = sid; any = true;
    }
    if (any) s += change(prev, 0);
    out.push(s.trimEnd());
  }
  return { output: out.join('\n'), height: chars.length };
}

// --- installing it --------------------------------------------------------------------

const inkEntry = createRequire(import.meta.url).resolve('ink');
const inkVersion = (JSON.parse(readFileSync(path.join(path.dirname(inkEntry), '..', 'package.json'), 'utf8')) as { version: string }).version;
/** Ink's Output class (not among its exports: loaded from beside its entry point, the module Ink itself uses). */
const Output = inkVersion === INK_VERSION
  ? ((await import(pathToFileURL(path.join(path.dirname(inkEntry), 'output.js')).href)) as { default: { prototype: { get: Get } } }).default
  : null;
if (Output !== null && Output.prototype.get !== composeOutput) {
  inkGet = Output.prototype.get;
  Output.prototype.get = composeOutput;
}

/** Whether Ink draws through composeOutput (false on a version of Ink it was not written for). */
export const composing = Output !== null && Output.prototype.get === composeOutput;

/** For the test that compares the two passes: put Ink's own get back (false) or this one (true). */
export function useComposer(on: boolean): void {
  if (Output !== null && inkGet !== null) Output.prototype.get = on ? composeOutput : inkGet;
}
