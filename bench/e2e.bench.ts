/**
 * `npm run bench:e2e`: what users run, end to end — the built library (`dist/`), `simulateSync`
 * from scenario JSON to report — against a hand-written floor loop doing the same essential work
 * per simulated request (exponential inter-arrival, client draw, hash, weighted pick from a typed
 * array, counter increment), measured in the same process, alternately, several times. Cases
 * with persistence also run beside a session floor: the floor plus one random 16-byte record per
 * request in a table of all clients (`sessionFloor`), what the machine's memory charges for a
 * session lookup at that many clients.
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
  E2E_SESSION_TIMEOUT_SEC as SESSION_TIMEOUT_SEC,
  E2E_TARGETS as TARGETS,
  e2eScenario as scenario,
  type E2eCaseName as CaseName,
} from './bench-scenario.js';
import { standardExponential } from '../src/random/exponential.js';
import { flag } from './flags.js';
import { spread, stats } from './stats.js';

/** The clients' first address, 100.0.0.0 (the cases' `clientCidr`). */
const CIDR_BASE = 0x64000000;

/**
 * The floor: the essential work of a simulated request, hand-written, with the exponential gaps
 * drawn as lbsim draws them (the ziggurat). Returns a checksum so the loop cannot be optimised
 * away.
 */
function floor(requests: number, clients: number): number {
  const arrivals = createRng('floor-arrivals');
  const draws = createRng('floor-clients');
  const table = pickTable();
  const counts = new Float64Array(TARGETS);
  const meanGapMs = (DURATION_SEC * 1000) / requests;
  let now = 0;
  for (let i = 0; i < requests; i++) {
    now += standardExponential(arrivals) * meanGapMs;
    const client = (draws.next() * clients) | 0;
    counts[table[mix32((CIDR_BASE + client) >>> 0) >>> 20]!]!++;
  }
  return counts[0]! + now;
}

/** The floor's weighted pick: 4096 slots shared by the targets in proportion to their weights. */
function pickTable(): Uint8Array {
  const table = new Uint8Array(4096);
  const weights = Array.from({ length: TARGETS }, (_, i) => 10 + i);
  const total = weights.reduce((a, b) => a + b, 0);
  for (let i = 0, t = 0, acc = weights[0]!; i < table.length; i++) {
    while ((i + 0.5) / table.length > acc / total) acc += weights[++t]!;
    table[i] = t;
  }
  return table;
}

/** Clients drawn and read ahead at a time by the session floor, as lbsim does (`CLIENT_BATCH`). */
const BATCH = 64;

/**
 * The floor with sessions: the floor's work plus each client's 16-byte session record in a table
 * of all clients (target + 1, last use; read, and written back), the records of the next 64
 * clients read ahead as lbsim reads them. It measures what one random record per request costs
 * this machine: at 10^6 clients and more the table outgrows the caches, and every read-ahead is a
 * miss to memory that no session table in any language can skip (2 MiB pages cost the same).
 */
function sessionFloor(requests: number, clients: number, timeoutMs: number): number {
  const arrivals = createRng('floor-arrivals');
  const draws = createRng('floor-clients');
  const table = pickTable();
  const counts = new Float64Array(TARGETS);
  const words = new Uint32Array(clients * 4);
  const times = new Float64Array(words.buffer);
  const batch = new Uint32Array(BATCH);
  const meanGapMs = (DURATION_SEC * 1000) / requests;
  let now = 0;
  let sink = 0;
  for (let i = 0; i < requests; i++) {
    const k = i & (BATCH - 1);
    if (k === 0) {
      for (let j = 0; j < BATCH; j++) batch[j] = (draws.next() * clients) | 0;
      for (let j = 0; j < BATCH; j++) sink ^= words[4 * batch[j]!]!;
    }
    now += standardExponential(arrivals) * meanGapMs;
    const client = batch[k]!;
    let target = words[4 * client]! - 1;
    if (target < 0 || now - times[2 * client + 1]! >= timeoutMs) {
      target = table[mix32((CIDR_BASE + client) >>> 0) >>> 20]!;
      words[4 * client] = target + 1;
    }
    times[2 * client + 1] = now;
    counts[target]!++;
  }
  return counts[0]! + now + sink;
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

/**
 * Runs one case `repeats` times, each beside the floor (and, with persistence, the session floor);
 * prints the samples as JSON.
 */
function child(name: CaseName, repeats: number): void {
  const c = CASES[name];
  const json = scenario(c);
  let sink = 0;
  const floors: Sample[] = [];
  const sessionFloors: Sample[] = [];
  const runs: Sample[] = [];
  for (let r = 0; r < repeats; r++) {
    floors.push(
      measure(() => {
        sink += floor(c.requests, c.clients);
        return c.requests;
      }),
    );
    if (c.sessions) {
      sessionFloors.push(
        measure(() => {
          sink += sessionFloor(c.requests, c.clients, SESSION_TIMEOUT_SEC * 1000);
          return c.requests;
        }),
      );
    }
    runs.push(measure(() => simulateSync(json).requests));
  }
  process.stdout.write(`${JSON.stringify({ floors, sessionFloors, runs, sink: sink > 0 })}\n`);
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
    const { floors, sessionFloors, runs } = JSON.parse(out.trim().split('\n').pop()!) as {
      floors: Sample[];
      sessionFloors: Sample[];
      runs: Sample[];
    };
    const ratios = runs.map((r, i) => floors[i]!.cpuNs / r.cpuNs);
    const sessionRatios = sessionFloors.map((f, i) => f.cpuNs / runs[i]!.cpuNs);
    return { name, floors, sessionFloors, runs, ratios, sessionRatios };
  });
  const zipf: CaseName = 'persistence, Zipf(1.1), 10^7 clients';
  process.stderr.write(`${zipf}: peak RSS ...\n`);
  const rssMb = peakRss(zipf);
  const machine = `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}`;
  if (asJson) {
    process.stdout.write(`${JSON.stringify({ machine, repeats, results, rssMb }, null, 2)}\n`);
    return;
  }
  const at = (name: CaseName, of: 'runs' | 'sessionFloors' = 'runs'): number =>
    stats(results.find((r) => r.name === name)![of].map((r) => r.cpuNs)).median;
  const growth = (of: 'runs' | 'sessionFloors'): string =>
    (at('persistence, 10^7 clients', of) / at('persistence, 10^4 clients', of)).toFixed(2);
  const column = (xs: readonly number[], digits: number): string =>
    xs.length === 0 ? '–' : spread(xs, digits);
  const lines = [
    `${machine}; ${repeats} repeats, median [min–max]`,
    '',
    '| case | × floor (CPU) | × session floor (CPU) | ns/request CPU | ns/request wall | floor ns/request CPU | session floor ns/request CPU |',
    '|---|---|---|---|---|---|---|',
    ...results
      .map((r) =>
        [
          r.name,
          spread(r.ratios, 2),
          column(r.sessionRatios, 2),
          spread(
            r.runs.map((s) => s.cpuNs),
            0,
          ),
          spread(
            r.runs.map((s) => s.wallNs),
            0,
          ),
          spread(
            r.floors.map((s) => s.cpuNs),
            0,
          ),
          column(
            r.sessionFloors.map((s) => s.cpuNs),
            0,
          ),
        ].join(' | '),
      )
      .map((row) => `| ${row} |`),
    '',
    `cost per request at 10^7 clients ÷ at 10^4 (persistence, medians): ${growth('runs')} (the session floor's: ${growth('sessionFloors')})`,
    `peak RSS, ${zipf} (plain node, dist/): ${rssMb.toFixed(0)} MiB`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

const repeats = Number(flag('--repeats') ?? 5);
const caseName = flag('--case');
if (caseName !== undefined) child(caseName as CaseName, repeats);
else parent(repeats, process.argv.includes('--json'));
