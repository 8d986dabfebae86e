// The scenario file: what machine to build, which programs to start, how long
// to run. YAML on disk, validated with zod at the edge; every error names the
// field and says why. Unknown keys are errors (a typo must not be ignored).

import './zod-config.ts';
import * as z from 'zod';
import { Duration, Size, Frequency, groupThousands } from './units.ts';
import { ExpectSpec } from './expect.ts';
import { LintSpec } from './lint-spec.ts';
import { CONSOLE_SIGNALS, consoleSignal } from '../kernel/uapi/console.ts';

export { Duration, Size, Frequency };

/** The kernel personality a machine boots (src/kernel/<os>): what user mode sees. */
export const OsName = z.enum(['linux', 'darwin', 'windows'], { message: 'must be linux, darwin or windows' });

/** The largest machine memory a scenario may ask for: 1 TiB (2^28 frames of 4 KiB). */
const MAX_MEMORY = 1024 ** 4;
/** Linux's ip_local_port_range (32768–60999): the connections one client host can have open. */
const EPHEMERAL_PORTS = 60999 - 32768 + 1;
/** The most load-client connections a scenario may ask for (each is a TCP endpoint on the host side). */
const MAX_CONNECTIONS = 100_000;
/** Client hosts take consecutive addresses from 10.0.0.100 (src/scenario/load.ts). */
const CLIENT_HOST_BASE = 0x0a000064;

export const MachineSpec = z.strictObject({
  os: OsName.default('linux'),
  cores: z.number().int('cores must be a whole number').min(1, 'must be at least 1').max(64, 'must be at most 64').default(2),
  clock: Frequency.default(3e9).pipe(z.number().min(1e6, 'must be at least 1 MHz').max(10e9, 'must be at most 10 GHz')),
  timerHz: z.number().int().min(1).max(10_000).default(250),
  timerJitter: Duration.default(0),
  /**
   * Physical memory. Frames are backed by host memory when first touched, not up front:
   * a machine may be larger than the host, and a run that touches more than the host
   * can give ends with Node's out-of-memory error, not with the guest's OOM killer.
   */
  memory: Size.default(4 * 1024 ** 3).pipe(z.number().min(1024 ** 2, 'must be at least 1 MiB').max(MAX_MEMORY, 'must be at most 1 TiB')),
  frameSize: Size.default(4096).refine((n) => n >= 4096 && n <= 2 * 1024 ** 2 && Number.isInteger(Math.log2(n)),
    'must be a power of two from 4 KiB (a page) to 2 MiB (a huge page)'),
});

export const ProcessSpec = z.strictObject({
  program: z.string().min(1, 'must name a built-in program or a module path'),
  args: z.array(z.union([z.string(), z.number()]).transform(String)).default([]),
  env: z.record(z.string(), z.union([z.string(), z.number()]).transform(String)).default({}),
  name: z.string().optional(),
  startAt: Duration.default(0),
  /** Built with the race detector (go build -race, cc -fsanitize=thread): data races are reported, and exit status 66. */
  race: z.boolean().default(false),
});

// --- networking: NICs on a wire, and load clients on external hosts ---------------------

/** An IPv4 address in dotted-quad form, as a host-order number. */
export const Ipv4 = z.string().transform((v, ctx) => {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(v.trim());
  const parts = m === null ? [] : m.slice(1).map(Number);
  if (parts.length !== 4 || parts.some((x) => x > 255)) { ctx.addIssue({ code: 'custom', message: `not an IPv4 address: "${v}"` }); return z.NEVER; }
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
});

/** Link bandwidth with its unit: "10Gbit", "100Mbit", "1Gbps". */
export const Bandwidth = z.union([z.number(), z.string()]).transform((v, ctx) => {
  if (typeof v === 'number' || /^\s*[0-9.]+\s*$/.test(v)) {
    ctx.addIssue({ code: 'custom', message: `${String(v).trim()} has no unit; write ${String(v).trim()}Gbit, ${String(v).trim()}Mbit or ${String(v).trim()}bit` });
    return z.NEVER;
  }
  const m = /^\s*([0-9]*\.?[0-9]+)\s*([kmgt]?)(bit|bps|b\/s)\s*$/i.exec(v);
  if (m === null) { ctx.addIssue({ code: 'custom', message: `not a bandwidth: "${v}" (use e.g. 10Gbit, 100Mbit)` }); return z.NEVER; }
  return Number(m[1]) * ({ '': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12 } as Record<string, number>)[m[2]!.toLowerCase()]!;
}).pipe(z.number().positive('must be positive'));

export const NicSpec = z.strictObject({
  name: z.string().optional(),
  addr: Ipv4.default(0x0a000001), // 10.0.0.1
  rxRing: z.number().int().min(1).max(65536).default(256),
  txRing: z.number().int().min(1).max(65536).default(256),
  /** Interrupt coalescing (ethtool -C): µs after the first frame, and frames per interrupt. */
  rxUsecs: z.number().nonnegative().default(0),
  rxFrames: z.number().int().min(1).default(1),
  irqCpu: z.number().int().nonnegative().optional(),
  latency: Duration.default(50_000),
  bandwidth: Bandwidth.default(10e9),
});

/** A probability: a fraction 0–1 (0.05) or a percentage ("5%"). */
export const Rate = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const m = typeof v === 'number' ? null : /^\s*([0-9]*\.?[0-9]+)\s*%\s*$/.exec(v);
  const n = typeof v === 'number' ? v : m === null ? NaN : Number(m[1]) / 100;
  if (!(n >= 0 && n <= 1)) { ctx.addIssue({ code: 'custom', message: `must be a fraction 0–1 or a percentage 0%–100% (e.g. 0.05 or "5%"), got ${JSON.stringify(v)}` }); return z.NEVER; }
  return n;
});

/**
 * Faults injected on the wire (src/machine/netem.ts): on one NIC's link or all of them, in one
 * direction or both, for a window of simulated time, optionally only towards some hosts.
 */
export const FaultSpec = z.strictObject({
  /** The NIC whose link it applies to (its name, eth0, eth1, …); every link when absent. */
  nic: z.string().optional(),
  /** out: machine → world; in: world → machine. */
  direction: z.enum(['in', 'out', 'both'], { message: 'must be in, out or both' }).default('both'),
  /** The window: from `from` (default the start) for `for` (default the rest of the run). */
  from: Duration.default(0),
  for: Duration.pipe(z.number().positive('must be positive')).optional(),
  /** Only frames to or from these external hosts (a partition, with down: true). */
  hosts: z.array(Ipv4).default([]),
  /** The link is down (or, with hosts, partitioned from them): every frame is dropped. */
  down: z.boolean().default(false),
  loss: Rate.default(0),
  /** Frames delivered with a flipped bit: the receiver's checksum drops them. */
  corrupt: Rate.default(0),
  duplicate: Rate.default(0),
  /** Frames held back by reorderDelay, so later ones overtake them. */
  reorder: Rate.default(0),
  reorderDelay: Duration.default(1e6),
  /** Extra delay drawn uniformly from [0, jitter]. */
  jitter: Duration.default(0),
}).superRefine((f, ctx) => {
  if (!f.down && f.loss === 0 && f.corrupt === 0 && f.duplicate === 0 && f.reorder === 0 && f.jitter === 0) {
    ctx.addIssue({ code: 'custom', message: 'a fault needs at least one of down, loss, corrupt, duplicate, reorder, jitter' });
  }
});

export const NetworkSpec = z.strictObject({
  nics: z.array(NicSpec).min(1, 'a network needs at least one NIC').default(() => [NicSpec.parse({})]),
  faults: z.array(FaultSpec).default([]),
});

/** A NIC's name in the scenario: its own, or eth<slot>. */
export function nicName(n: { name?: string | undefined }, slot: number): string { return n.name ?? `eth${slot}`; }

export const ClientsSpec = z.strictObject({
  connections: z.number().int('must be a whole number').min(1, 'must be at least 1').max(MAX_CONNECTIONS, `must be at most ${groupThousands(MAX_CONNECTIONS)}`),
  /** all at once, ramped over `rampOver`, or arriving at `rate` per second. */
  arrival: z.enum(['all', 'ramp', 'rate']).default('all'),
  rampOver: Duration.default(0),
  rate: z.number().positive('must be more than 0 connections per second').max(1e7, 'must be at most 10,000,000 connections per second').optional(),
  requests: z.number().int('must be a whole number').min(1, 'must be at least 1').max(1e9, 'must be at most 1,000,000,000').default(1),
  bytes: Size.default(64).pipe(z.number().int().min(1, 'must be at least 1 byte').max(1024 ** 3, 'must be at most 1 GiB')),
  think: Duration.default(0),
  protocol: z.enum(['echo', 'http', 'hello']),
  /** The exact request for echo/hello (default: generated bytes). */
  payload: z.string().optional(),
  httpPath: z.string().default('/'),
  httpBody: z.string().optional(),
  timeout: Duration.default(10e9),
  target: z.strictObject({ addr: Ipv4.optional(), port: z.number().int().min(1).max(65535) }),
  startAt: Duration.default(0),
  hosts: z.number().int().min(1).max(256).default(1),
  /** Slowloris beside the workload: connections that send `send` (default nothing) and hold on, never finishing a request. */
  slowloris: z.strictObject({
    connections: z.number().int('must be a whole number').min(1, 'must be at least 1').max(MAX_CONNECTIONS, `must be at most ${groupThousands(MAX_CONNECTIONS)}`),
    send: z.string().default(''),
    startAt: Duration.default(0),
  }).optional(),
}).refine((c) => c.arrival !== 'rate' || c.rate !== undefined, { message: 'arrival "rate" needs a rate (connections per second)', path: ['rate'] })
  .superRefine((c, ctx) => {
    const n = c.connections + (c.slowloris?.connections ?? 0);
    if (n <= c.hosts * EPHEMERAL_PORTS || n > MAX_CONNECTIONS) return;
    ctx.addIssue({
      code: 'custom', path: ['connections'],
      message: `must be at most ${groupThousands(EPHEMERAL_PORTS)} per client host (the ephemeral ports 32768–60999)${c.slowloris !== undefined ? ', with the slowloris connections' : ''}: ${c.hosts} host${c.hosts > 1 ? 's allow' : ' allows'} ${groupThousands(c.hosts * EPHEMERAL_PORTS)}; add hosts`,
    });
  });

/**
 * A signal sent from the operator's console at a moment of the run (src/kernel/console-kill.ts), as
 * the dashboard's `k` sends one: to a process by name or pid, or to one of its threads (tgkill).
 */
export const SignalSpec = z.strictObject({
  at: Duration,
  /** A process's `name` (else its program's name) or its pid. */
  process: z.union([z.string().min(1), z.number().int().positive()]),
  /** One thread of it, by tid (tgkill); absent: the process (kill). */
  thread: z.number().int().positive().optional(),
  signal: z.union([z.string(), z.number().int()]).transform((v, ctx) => {
    const sig = consoleSignal(v);
    if (sig === null) { ctx.addIssue({ code: 'custom', message: `the console sends ${CONSOLE_SIGNALS.map((x) => x.name).join(', ')}; not ${String(v)}` }); return z.NEVER; }
    return sig;
  }),
});

export const RunSpec = z.strictObject({
  /** exit: every process exited; time: the time limit; clients: every load client finished. */
  until: z.enum(['exit', 'time', 'clients']).default('exit'),
  timeLimit: Duration.default(10e9).pipe(z.number().positive('must be positive')),
});

/** One side of a comparison: the same machine, seed and workload, other processes. */
export const VariantSpec = z.strictObject({
  name: z.string().min(1).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only'),
  description: z.string().optional(),
  /** The kernel this variant's machine boots, when it differs from machine.os. */
  os: OsName.optional(),
  processes: z.array(ProcessSpec).min(1, 'a variant needs at least one process'),
  /** This variant's expectations, over the scenario's (a process named in both takes these). */
  expect: ExpectSpec.optional(),
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
  /** NICs on a wire to the world outside the machine. */
  network: NetworkSpec.optional(),
  /** Load clients on external hosts (needs a network). */
  clients: ClientsSpec.optional(),
  /** What the run must do for `gomachine run` to exit 0 (src/scenario/expect.ts). */
  expect: ExpectSpec.optional(),
  /** The lints (src/scenario/lint.ts): present turns them on, `true` with the default thresholds. */
  lint: LintSpec.optional(),
  /** Signals sent from the console during the run. */
  signals: z.array(SignalSpec).default([]),
}).superRefine((s, ctx) => {
  if (s.clients !== undefined && s.network === undefined) ctx.addIssue({ code: 'custom', path: ['clients'], message: 'clients need a network (machine NICs on a wire)' });
  if (s.run.until === 'clients' && s.clients === undefined) ctx.addIssue({ code: 'custom', path: ['run', 'until'], message: 'until "clients" needs a clients section' });
  if (s.processes.length === 0 && s.variants.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['processes'], message: 'a scenario needs at least one process (or variants with processes)' });
  }
  checkNetworkBounds(s, ctx);
  checkSignals(s, ctx);
  const names = new Set<string>();
  s.variants.forEach((v, i) => {
    if (names.has(v.name)) ctx.addIssue({ code: 'custom', path: ['variants', i, 'name'], message: `duplicate variant name "${v.name}"` });
    names.add(v.name);
  });
});

/** Console signals need a kernel that has signals (the process names are checked when the programs are resolved: loader.ts). */
function checkSignals(s: { machine: { os: string }; variants: { os?: string | undefined }[]; signals: unknown[] }, ctx: z.RefinementCtx): void {
  const windows = s.machine.os === 'windows' || s.variants.some((v) => v.os === 'windows');
  if (windows && s.signals.length > 0) ctx.addIssue({ code: 'custom', path: ['signals'], message: 'windows has no signals (a console would end a process with TerminateProcess, which gomachine does not model)' });
}

/** Limits that tie fields together: a NIC's interrupt goes to a core that exists, and every address is one host's. */
function checkNetworkBounds(s: { machine: { cores: number }; network?: z.infer<typeof NetworkSpec>; clients?: z.infer<typeof ClientsSpec> }, ctx: z.RefinementCtx): void {
  const owner = new Map<number, string>();
  const ip = (a: number): string => [a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255].join('.');
  s.network?.nics.forEach((n, i) => {
    if (n.irqCpu !== undefined && n.irqCpu >= s.machine.cores) {
      ctx.addIssue({ code: 'custom', path: ['network', 'nics', i, 'irqCpu'], message: `must be less than machine.cores (${s.machine.cores}): cores are numbered 0..${s.machine.cores - 1}` });
    }
    const prev = owner.get(n.addr);
    if (prev !== undefined) ctx.addIssue({ code: 'custom', path: ['network', 'nics', i, 'addr'], message: `${ip(n.addr)} is already ${prev}'s address` });
    owner.set(n.addr, `network.nics[${i}]`);
  });
  const names = s.network?.nics.map(nicName) ?? [];
  s.network?.faults.forEach((f, i) => {
    if (f.nic !== undefined && !names.includes(f.nic)) {
      ctx.addIssue({ code: 'custom', path: ['network', 'faults', i, 'nic'], message: `no NIC named "${f.nic}" (the NICs: ${names.join(', ')})` });
    }
  });
  if (s.clients !== undefined) {
    for (let h = 0; h < s.clients.hosts; h++) {
      const prev = owner.get(CLIENT_HOST_BASE + h);
      if (prev !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['clients', 'hosts'], message: `client host ${h + 1} would take ${ip(CLIENT_HOST_BASE + h)}, which is ${prev}'s address (client hosts use 10.0.0.100 and up)` });
        break;
      }
    }
  }
}

export type ScenarioSpec = z.infer<typeof ScenarioSpec>;
export type ProcessSpec = z.infer<typeof ProcessSpec>;
export type VariantSpec = z.infer<typeof VariantSpec>;
export type SignalSpec = z.infer<typeof SignalSpec>;

/** zod issues as `field.path: message` lines. */
export function describeIssues(err: z.ZodError): string[] {
  return err.issues.map((i) => {
    const path = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
    let msg = i.message;
    if (i.code === 'unrecognized_keys') msg = `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `"${k}"`).join(', ')}`;
    return `${path || '(top level)'}: ${msg}`;
  });
}
