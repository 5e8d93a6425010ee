/**
 * `npm run bench:service`: end to end with the service model off and on, in one process, on the
 * built library (`dist/`): the same scenario (10 instances, 50,000 requests/s for 20 s = 1 M
 * requests, p2c and wrr), once plain and once with every instance given 8 workers and exponential
 * service of mean 1 ms (62% busy). Runs alternate off/on, 5 rounds; prints medians and spreads of
 * simulated M requests per CPU second (process.cpuUsage, so other processes on a shared machine
 * count less than in wall time) and the on/off ratio, with the Node version and CPU.
 */
import { cpus } from 'node:os';
import { simulateSync } from '../dist/index.js';
import { serviceScenario as scenario } from './bench-scenario.js';
import { stats } from './stats.js';

function rate(algorithm: string, service: boolean): number {
  const start = process.cpuUsage();
  const report = simulateSync(scenario(algorithm, service));
  const used = process.cpuUsage(start);
  return report.requests / ((used.user + used.system) / 1e6) / 1e6;
}

const median = (xs: number[]): number => stats(xs).median;
const rows = [
  `Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}`,
  '',
  '| algorithm | service | M requests per CPU second (median) | min–max | on/off |',
  '|---|---|---|---|---|',
];
for (const algorithm of ['p2c', 'wrr']) {
  rate(algorithm, false); // warm-up
  rate(algorithm, true);
  const off: number[] = [];
  const on: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < 5; round++) {
    const a = rate(algorithm, false);
    const b = rate(algorithm, true);
    off.push(a);
    on.push(b);
    ratios.push(b / a);
  }
  const spread = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
  rows.push(`| ${algorithm} | off | ${median(off).toFixed(2)} | ${spread(off)} | |`);
  rows.push(
    `| ${algorithm} | on | ${median(on).toFixed(2)} | ${spread(on)} | ${median(ratios).toFixed(2)} |`,
  );
}
process.stdout.write(`${rows.join('\n')}\n`);
