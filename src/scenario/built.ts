// Where gomachine's modules run from: their TypeScript sources (through tsx, or vitest), or
// the JavaScript scripts/build.mjs builds from them into dist/<key>/, one built file per source
// file. Code that hands a module's URL to someone else — a user's program importing the
// runtime, the dashboard starting its worker thread — asks here, so that it gets the module
// this process runs on and never a second copy of it.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The build's directory; set by scripts/build.mjs in the built code, undefined in the sources. */
declare const GOMACHINE_BUILD_DIR: string | undefined;

export const BUILD_DIR: string | null = typeof GOMACHINE_BUILD_DIR === 'string' ? GOMACHINE_BUILD_DIR : null;

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The URL of the module this process runs for the source file `file` (an absolute path under src/). */
export function moduleUrl(file: string): string {
  const rel = path.relative(SRC, file);
  if (BUILD_DIR === null || rel.startsWith('..') || !/\.tsx?$/.test(rel)) return pathToFileURL(file).href;
  return pathToFileURL(path.join(BUILD_DIR, rel.replace(/\.tsx?$/, '.js'))).href;
}

/**
 * A worker thread running the module of the source file `file`: the built module, or, from
 * the sources, the TypeScript through tsx (worker-boot.mjs).
 */
export function startWorker(file: string, workerData: unknown): Worker {
  const opts = { workerData, stdout: false, stderr: false };
  if (BUILD_DIR !== null) return new Worker(new URL(moduleUrl(file)), opts);
  return new Worker(new URL('./worker-boot.mjs', import.meta.url), { ...opts, argv: [pathToFileURL(file).href] });
}
