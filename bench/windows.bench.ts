/**
 * `npm run bench:windows`: the largest report the caps accept, written as JSON by the built CLI
 * (`node dist/cli/main.js run FILE --format json > /dev/null`), timed as a whole process under
 * `/usr/bin/time -v`: wall time, CPU time and peak RSS, median [min–max] over the repeats.
 *
 * Two shapes, each at the most report windows `validateScenario` accepts (found by bisection, so
 * the figures follow the caps in `src/limits.ts` and the memory estimate in `src/scenario/`):
 *
 * - `one pool`: one TCP listener with 100 targets — the most target × window counters;
 * - `many pools`: 50 TCP listeners binding the same target — the most pool windows (each written
 *   as its own object in `pools[].windows`), so the most JSON bytes per counter.
 *
 * Requests are spread thinly (`--requests`, default 10^6 over the run) so the report, not the
 * traffic, dominates. `--repeats N` (default 3); `--shape "one pool"` for one shape; `--keep DIR`
 * writes the scenarios there. Needs `npm run build` first (the npm script does it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScenarioError, validateScenario } from '../dist/index.js';
import { MAX_WINDOWS } from '../src/limits.js';
import { ALLOW_ALL_GROUPS, BENCH_LOAD_BALANCER, benchInstances } from './bench-scenario.js';
import { flag } from './flags.js';
import { spread } from './stats.js';

interface Shape {
  /** Listeners, each with the targets below. */
  readonly listeners: number;
  /** Targets per listener. */
  readonly targets: number;
  /** Whether every listener binds the same targets (else each has its own instances). */
  readonly shared: boolean;
}

const SHAPES: Readonly<Record<string, Shape>> = {
  'one pool': { listeners: 1, targets: 100, shared: false },
  'many pools': { listeners: 50, targets: 1, shared: true },
};

/** The scenario of `shape` with `windows` one-second windows and `requests` requests in all. */
function windowsScenario(shape: Shape, windows: number, requests: number): unknown {
  const instanceCount = shape.shared ? shape.targets : shape.listeners * shape.targets;
  return {
    seed: 'windows',
    durationSec: windows,
    loadBalancer: BENCH_LOAD_BALANCER,
    instances: benchInstances(instanceCount),
    securityGroups: ALLOW_ALL_GROUPS,
    listeners: Array.from({ length: shape.listeners }, (_, l) => ({
      id: `tcp-${80 + l}`,
      protocol: 'TCP',
      port: 80 + l,
      algorithm: 'wrr',
      healthCheck: { enabled: false },
      targets: Array.from({ length: shape.targets }, (_, t) => ({
        instance: `ins-${shape.shared ? t : l * shape.targets + t}`,
        port: 8080,
        weight: 1 + ((t * 7) % 100),
      })),
    })),
    traffic: { ratePerSec: requests / windows, clients: 1000 },
    options: { windowSec: 1 },
  };
}

function accepted(json: unknown): boolean {
  try {
    validateScenario(json);
    return true;
  } catch (error) {
    if (error instanceof ScenarioError) return false;
    throw error;
  }
}

/** The most windows the caps accept for `shape` (bisection: acceptance falls as windows grow). */
function largestAccepted(shape: Shape, requests: number): number {
  let lo = 1;
  let hi = MAX_WINDOWS;
  if (accepted(windowsScenario(shape, hi, requests))) return hi;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (accepted(windowsScenario(shape, mid, requests))) lo = mid;
    else hi = mid;
  }
  return lo;
}

interface Sample {
  readonly wallSec: number;
  readonly cpuSec: number;
  readonly rssMiB: number;
}

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

/** One whole-process run under `/usr/bin/time -v`, output to /dev/null. */
function timed(file: string): Sample {
  const devNull = openSync('/dev/null', 'w');
  const run = spawnSync(
    '/usr/bin/time',
    ['-v', process.execPath, CLI, 'run', file, '--format', 'json'],
    {
      encoding: 'utf8',
      stdio: ['ignore', devNull, 'pipe'],
    },
  );
  closeSync(devNull);
  if (run.status !== 0) throw new Error(`lbsim run ${file} failed:\n${run.stderr}`);
  const field = (name: string): string => {
    const line = run.stderr.split('\n').find((l) => l.trim().startsWith(name));
    if (line === undefined) throw new Error(`no "${name}" in /usr/bin/time output`);
    return line.slice(line.lastIndexOf(': ') + 2).trim();
  };
  const clock = field('Elapsed (wall clock) time').split(':').map(Number);
  const wallSec = clock.reduce((acc, part) => acc * 60 + part, 0);
  const cpuSec = Number(field('User time (seconds)')) + Number(field('System time (seconds)'));
  return { wallSec, cpuSec, rssMiB: Number(field('Maximum resident set size')) / 1024 };
}

/** Bytes of the JSON report (one more run, counted through a pipe). */
function jsonBytes(file: string): number {
  const out = execFileSync(process.execPath, [CLI, 'run', file, '--format', 'json'], {
    maxBuffer: 2 ** 31 - 1,
  });
  return out.length;
}

function main(): void {
  const repeats = Number(flag('--repeats') ?? 3);
  const requests = Number(flag('--requests') ?? 1e6);
  const only = flag('--shape');
  const keep = flag('--keep');
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'lbsim-windows-'));
  const lines = [
    `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}; ${repeats} repeats, median [min–max]`,
    '',
    '| shape | windows | counters | JSON MB | wall s | CPU s | peak RSS MiB |',
    '|---|---|---|---|---|---|---|',
  ];
  try {
    for (const [name, shape] of Object.entries(SHAPES)) {
      if (only !== undefined && only !== name) continue;
      const windows = largestAccepted(shape, requests);
      const file = join(dir, `${name.replace(/ /g, '-')}.json`);
      writeFileSync(file, JSON.stringify(windowsScenario(shape, windows, requests)));
      const targets = shape.listeners * shape.targets;
      const ids = shape.shared ? shape.targets : targets;
      process.stderr.write(`${name}: ${windows} windows, ${file} ...\n`);
      const samples = Array.from({ length: repeats }, () => timed(file));
      const mb = jsonBytes(file) / 1e6;
      lines.push(
        `| ${name} (${shape.listeners} × ${shape.targets}) | ${windows.toLocaleString('en-US')} | ${((targets + ids) * windows).toLocaleString('en-US')} | ${mb.toFixed(0)} | ${spread(
          samples.map((s) => s.wallSec),
          2,
        )} | ${spread(
          samples.map((s) => s.cpuSec),
          2,
        )} | ${spread(
          samples.map((s) => s.rssMiB),
          0,
        )} |`,
      );
    }
  } finally {
    if (keep === undefined) rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
