// Builds gomachine's TypeScript sources into JavaScript that Node runs directly, so that a
// command starts without compiling TypeScript on every run (tsx took half a second of a
// trivial run). Run by `npm ci`/`npm install` (the prepare script) and by bin/gomachine.mjs
// when the sources are newer than the last build, so a fresh clone and an edited tree work.
//
// The entry points are the modules something loads by URL rather than imports: the CLI, the
// worker threads' modules, the loop guard a user's program is built against, and the public
// modules a user's program imports gomachine through (src/scenario/userprog/check.ts,
// GOMACHINE_IMPORTS). Splitting is on, so each module exists once: a user's program that imports
// gomachine/runtime is pointed at the very module the simulator runs on (src/scenario/built.ts),
// and what only some commands load (the dashboard, the compilers) is a chunk loaded when they
// do. Few entry points make few chunks: with every source file an entry, a trivial run loaded
// 162 files, and the loading cost more than the run. npm packages are bundled in, except those
// only some commands load.
//
// The output goes to dist/<key>/, where the key names the state of the sources (each file's
// path, size and modification time): built beside it and renamed into place, so that
// commands started at once never see half a build, and a new state never overwrites a build
// a running command is loading.
import { readdirSync, statSync, existsSync, renameSync, rmSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'src');
const DIST = path.join(ROOT, 'dist');

/** The modules loaded by URL (see the top of this file), under src/. */
export const ENTRY_POINTS = [
  'cli.ts', 'dashboard/worker.ts', 'scenario/run-worker.ts', 'scenario/userprog/guard.ts',
  'runtime/index.ts', 'libc/libc.ts', 'kernel/uapi/index.ts', 'machine/instr.ts',
];

/** Packages only some commands load (user programs: typescript; `dash`: ink, react), or that are files to read (chart.js). */
const LOADED_LATER = ['typescript', 'ink', 'react', 'react/*', 'react-dom', 'chart.js', 'tsx', 'esbuild'];

/** The source files, sorted, and the key that names their state. */
export function sourceState() {
  const files = readdirSync(SRC, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath ?? d.path, d.name))
    .sort();
  let state = '';
  for (const f of [...files, path.join(ROOT, 'package-lock.json'), fileURLToPath(import.meta.url)]) {
    const s = statSync(f);
    state += `${path.relative(ROOT, f)}\0${s.size}\0${s.mtimeMs}\0`;
  }
  return { files, key: fnv64(state) };
}

/**
 * FNV-1a over the text, as two 32-bit lanes (16 hex digits): a key, not a secret, and loading
 * node:crypto for it cost ~40 ms of every command's start.
 */
function fnv64(text) {
  let a = 0x811c9dc5; let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c ^ (a >>> 13), 0x01000193);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** The directory of the built CLI for the sources as they are now; builds it if it is missing. */
export async function ensureBuilt() {
  const { key } = sourceState();
  const out = path.join(DIST, key);
  if (existsSync(path.join(out, 'cli.js'))) return out;
  const tmp = path.join(DIST, `.build-${process.pid}-${Date.now()}`);
  mkdirSync(DIST, { recursive: true });
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: ENTRY_POINTS.map((f) => path.join(SRC, f)),
    outdir: tmp,
    outbase: SRC,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // npm packages are bundled too (zod and yaml are many small modules: resolving and reading
    // them one by one was a fifth of start-up), except those loaded only by some commands.
    external: LOADED_LATER,
    jsx: 'automatic',
    sourcemap: 'linked',
    logLevel: 'error',
    // Bundled CommonJS packages (yaml's Node build) require Node's own modules.
    banner: { js: "import { createRequire as gomachineCreateRequire } from 'node:module'; const require = gomachineCreateRequire(import.meta.url);" },
    define: { GOMACHINE_BUILD_DIR: JSON.stringify(out) },
    plugins: [sourceUrls, yamlAsModules],
  });
  try { renameSync(tmp, out); } catch { rmSync(tmp, { recursive: true, force: true }); } // built at once by another command
  for (const d of readdirSync(DIST)) { // earlier states' builds
    if (d !== key && !d.startsWith('.')) rmSync(path.join(DIST, d), { recursive: true, force: true });
  }
  return out;
}

/**
 * yaml's Node build is one CommonJS bundle, loaded whole; its ES module build (the same code,
 * under browser/) lets esbuild keep only what parsing needs.
 */
const yamlAsModules = {
  name: 'yaml-as-modules',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: path.join(ROOT, 'node_modules/yaml/browser/index.js') }));
  },
};

/**
 * `import.meta.url` stays the URL of the module's source file: code that finds files beside
 * its source (the C compiler's include directory, the repository root) works as it does under
 * tsx, though the code now lives in a shared chunk.
 */
const sourceUrls = {
  name: 'source-urls',
  setup(build) {
    build.onLoad({ filter: /\.tsx?$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
    });
  },
};

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  const out = await ensureBuilt();
  console.log(`gomachine: built ${path.relative(ROOT, out)} in ${Math.round(performance.now() - t0)} ms`);
}
