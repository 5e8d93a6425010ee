/**
 * `npm run bench:e2e`: what users run, end to end — the built library (`dist/`), `simulateSync`
 * from scenario JSON to report — against a hand-written floor loop doing the same essential work
 * per simulated request (exponential inter-arrival, client draw, hash, weighted pick from a typed
 * array, counter increment), measured in the same process, alternately, several times.
 *
 * Each case runs in its own process. Ratios (floor ns per request ÷ the run's, by CPU time:
 * process.cpuUsage) come first, as median [min–max] over the repeats; then absolute figures: CPU
 * and wall ns per request, and the peak RSS of the 10^7-client Zipf run, measured in a separate
 * plain `node` process that only imports `dist/` (no TypeScript loader in its memory).
 *
 * `npm run bench:e2e -- --repeats 3` for fewer repeats; `--json` for machine-readable output.
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRng, mix32, simulateSync } from '../dist/index.js';
import {
  E2E_CASES as CASES,
  E2E_DURATION_SEC as DURATION_SEC,
  E2E_TARGETS as TARGETS,
  e2eScenario as scenario,
  type E2eCaseName as CaseName,
} from './bench-scenario.js';

/** The clients' first address, 100.0.0.0 (the cases' `clientCidr`). */
const CIDR_BASE = 0x64000000;

/**
 * The floor: the essential work of a simulated request, hand-written. Returns a checksum so the
 * loop cannot be optimised away.
 */
function floor(requests: number, clients: number): number {
  const arrivals = createRng('floor-arrivals');
  const draws = createRng('floor-clients');
  const table = new Uint8Array(4096);
  const weights = Array.from({ length: TARGETS }, (_, i) => 10 + i);
  const total = weights.reduce((a, b) => a + b, 0);
  for (let i = 0, t = 0, acc = weights[0]!; i < table.length; i++) {
    while ((i + 0.5) / table.length > acc / total) acc += weights[++t]!;
    table[i] = t;
  }
  const counts = new Float64Array(TARGETS);
  const meanGapMs = (DURATION_SEC * 1000) / requests;
  let now = 0;
  for (let i = 0; i < requests; i++) {
    now -= Math.log(1 - arrivals.next()) * meanGapMs;
    const client = (draws.next() * clients) | 0;
    counts[table[mix32((CIDR_BASE + client) >>> 0) >>> 20]!]!++;
  }
  return counts[0]! + now;
}

interface Sample {
  readonly cpuNs: number;
  readonly wallNs: number;
}

/** CPU and wall ns per request of `fn`, which returns the requests it simulated. */
function measure(fn: () => number): Sample {
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  const requests = fn();
  const wallNs = Number(process.hrtime.bigint() - wall0);
  const cpu = process.cpuUsage(cpu0);
  return { cpuNs: ((cpu.user + cpu.system) * 1000) / requests, wallNs: wallNs / requests };
}

/** Runs one case `repeats` times, each beside the floor; prints the samples as JSON. */
function child(name: CaseName, repeats: number): void {
  const c = CASES[name];
  const json = scenario(c);
  let sink = 0;
  const floors: Sample[] = [];
  const runs: Sample[] = [];
  for (let r = 0; r < repeats; r++) {
    floors.push(
      measure(() => {
        sink += floor(c.requests, c.clients);
        return c.requests;
      }),
    );
    runs.push(measure(() => simulateSync(json).requests));
  }
  process.stdout.write(`${JSON.stringify({ floors, runs, sink: sink > 0 })}\n`);
}

/** Peak RSS (MiB) of a plain `node` process that runs the case once from `dist/`. */
function peakRss(name: CaseName): number {
  const dist = pathToFileURL(fileURLToPath(new URL('../dist/index.js', import.meta.url))).href;
  const code = [
    `const { simulateSync } = await import(${JSON.stringify(dist)});`,
    `simulateSync(JSON.parse(process.argv[1]));`,
    `process.stdout.write(String(process.resourceUsage().maxRSS / 1024));`,
  ].join('\n');
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', code, JSON.stringify(scenario(CASES[name]))],
    { encoding: 'utf8' },
  );
  return Number(out.trim());
}

function stats(xs: readonly number[]): { median: number; min: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]! };
}

function spread(xs: readonly number[], digits: number): string {
  const { median, min, max } = stats(xs);
  return `${median.toFixed(digits)} [${min.toFixed(digits)}–${max.toFixed(digits)}]`;
}

function parent(repeats: number, asJson: boolean): void {
  const script = fileURLToPath(import.meta.url);
  const names = Object.keys(CASES) as CaseName[];
  const results = names.map((name) => {
    process.stderr.write(`${name} ...\n`);
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', script, '--case', name, '--repeats', String(repeats)],
      { encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    const { floors, runs } = JSON.parse(out.trim().split('\n').pop()!) as {
      floors: Sample[];
      runs: Sample[];
    };
    const ratios = runs.map((r, i) => floors[i]!.cpuNs / r.cpuNs);
    return { name, floors, runs, ratios };
  });
  const zipf: CaseName = 'persistence, Zipf(1.1), 10^7 clients';
  process.stderr.write(`${zipf}: peak RSS ...\n`);
  const rssMb = peakRss(zipf);
  const machine = `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}`;
  if (asJson) {
    process.stdout.write(`${JSON.stringify({ machine, repeats, results, rssMb }, null, 2)}\n`);
    return;
  }
  const at = (name: CaseName): number =>
    stats(results.find((r) => r.name === name)!.runs.map((r) => r.cpuNs)).median;
  const lines = [
    `${machine}; ${repeats} repeats, median [min–max]`,
    '',
    '| case | × floor (CPU) | ns/request CPU | ns/request wall | floor ns/request CPU |',
    '|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.name} | ${spread(r.ratios, 2)} | ${spread(
          r.runs.map((s) => s.cpuNs),
          0,
        )} | ${spread(
          r.runs.map((s) => s.wallNs),
          0,
        )} | ${spread(
          r.floors.map((s) => s.cpuNs),
          0,
        )} |`,
    ),
    '',
    `cost per request at 10^7 clients ÷ at 10^4 (persistence, medians): ${(at('persistence, 10^7 clients') / at('persistence, 10^4 clients')).toFixed(2)}`,
    `peak RSS, ${zipf} (plain node, dist/): ${rssMb.toFixed(0)} MiB`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const repeats = Number(flag('--repeats') ?? 5);
const caseName = flag('--case');
if (caseName !== undefined) child(caseName as CaseName, repeats);
else parent(repeats, args.includes('--json'));
