// The scenario file: what machine to build, which programs to start, how long
// to run. YAML on disk, validated with zod at the edge; every error names the
// field and says why. Unknown keys are errors (a typo must not be ignored).

import { z } from 'zod';
import { parseDurationNs, parseSizeBytes, parseHz } from './units.ts';

const unit = (parse: (v: string | number) => number, what: string) =>
  z.union([z.number(), z.string()]).transform((v, ctx) => {
    try { return parse(v); } catch (e) { ctx.addIssue({ code: 'custom', message: (e as Error).message }); return z.NEVER; }
  }).pipe(z.number().nonnegative(`${what} must not be negative`));

export const Duration = unit(parseDurationNs, 'a duration');
export const Size = unit(parseSizeBytes, 'a size');
export const Frequency = unit(parseHz, 'a frequency');

export const MachineSpec = z.strictObject({
  cores: z.number().int('cores must be a whole number').min(1, 'must be at least 1').max(64, 'must be at most 64').default(2),
  clock: Frequency.default(3e9).pipe(z.number().min(1e6, 'must be at least 1 MHz')),
  timerHz: z.number().int().min(1).max(10_000).default(250),
  timerJitter: Duration.default(0),
  memory: Size.default(4 * 1024 ** 3).pipe(z.number().min(1024 ** 2, 'must be at least 1 MiB')),
  frameSize: Size.default(4096).refine((n) => n >= 512 && Number.isInteger(Math.log2(n)), 'must be a power of two, at least 512'),
});

export const ProcessSpec = z.strictObject({
  program: z.string().min(1, 'must name a built-in program or a module path'),
  args: z.array(z.union([z.string(), z.number()]).transform(String)).default([]),
  env: z.record(z.string(), z.union([z.string(), z.number()]).transform(String)).default({}),
  name: z.string().optional(),
  startAt: Duration.default(0),
});

export const RunSpec = z.strictObject({
  until: z.enum(['exit', 'time']).default('exit'),
  timeLimit: Duration.default(10e9).pipe(z.number().positive('must be positive')),
});

/** One side of a comparison: the same machine, seed and workload, other processes. */
export const VariantSpec = z.strictObject({
  name: z.string().min(1).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only'),
  description: z.string().optional(),
  processes: z.array(ProcessSpec).min(1, 'a variant needs at least one process'),
});

export const ScenarioSpec = z.strictObject({
  name: z.string().optional(),
  description: z.string().optional(),
  seed: z.number().int().nonnegative().default(1),
  machine: MachineSpec.default(() => MachineSpec.parse({})),
  /** The processes to start; may be left out when every variant gives its own. */
  processes: z.array(ProcessSpec).default([]),
  /** For `gomachine compare`: run each variant on an identical machine with the same seed. */
  variants: z.array(VariantSpec).default([]),
  run: RunSpec.default(() => RunSpec.parse({})),
}).superRefine((s, ctx) => {
  if (s.processes.length === 0 && s.variants.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['processes'], message: 'a scenario needs at least one process (or variants with processes)' });
  }
  const names = new Set<string>();
  s.variants.forEach((v, i) => {
    if (names.has(v.name)) ctx.addIssue({ code: 'custom', path: ['variants', i, 'name'], message: `duplicate variant name "${v.name}"` });
    names.add(v.name);
  });
});

export type ScenarioSpec = z.infer<typeof ScenarioSpec>;
export type ProcessSpec = z.infer<typeof ProcessSpec>;
export type VariantSpec = z.infer<typeof VariantSpec>;

/** zod issues as `field.path: message` lines. */
export function describeIssues(err: z.ZodError): string[] {
  return err.issues.map((i) => {
    const path = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    let msg = i.message;
    if (i.code === 'unrecognized_keys') msg = `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}`;
    return `${path || '(top level)'}: ${msg}`;
  });
}
