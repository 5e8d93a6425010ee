/**
 * `npm run bench`: every picker at 10, 100 and 1000 targets, the npm packages that do the same job,
 * and a floor (a typed-array lookup), each configuration in its own process; prints ns/pick, the
 * ratio to the floor and each picker's share error as a Markdown table (the README's).
 * `npm run bench -- --quick` runs 100 targets only.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ALGORITHMS } from '../src/balancer/algorithms.js';

const quick = process.argv.includes('--quick');
const sizes = quick ? [100] : [10, 100, 1000];
const cases = [
  'floor',
  'floor-16MiB',
  ...ALGORITHMS,
  'maglev+string',
  'hashring',
  'wrr-pool',
  'alias-sampling',
  'weighted',
];
const script = fileURLToPath(new URL('./pickers.bench.ts', import.meta.url));

interface Row {
  readonly case: string;
  readonly targets: number;
  readonly nsPerPick: number;
  readonly shareError: number;
}

const rows = new Map<string, Row>();
for (const size of sizes) {
  for (const c of cases) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', script, c, String(size)], {
      encoding: 'utf8',
    });
    const row = JSON.parse(out.trim().split('\n').pop()!) as Row;
    rows.set(`${c}/${size}`, row);
    process.stderr.write(`${c} @ ${size}: ${row.nsPerPick.toFixed(1)} ns\n`);
  }
}

// Ratios to the floor first (they survive a loaded machine), nanoseconds second.
const header = [
  'case',
  ...sizes.map((s) => `× floor @${s}`),
  ...sizes.map((s) => `ns @${s}`),
  ...sizes.map((s) => `share err @${s}`),
];
const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
for (const c of cases) {
  const at = (size: number): Row => rows.get(`${c}/${size}`)!;
  const cells = [
    c,
    ...sizes.map((s) => (at(s).nsPerPick / rows.get(`floor/${s}`)!.nsPerPick).toFixed(1)),
    ...sizes.map((s) => at(s).nsPerPick.toFixed(1)),
    ...sizes.map((s) => (c.startsWith('floor') ? '' : `${(at(s).shareError * 100).toFixed(2)}%`)),
  ];
  lines.push(`| ${cells.join(' | ')} |`);
}
process.stdout.write(`${lines.join('\n')}\n`);
