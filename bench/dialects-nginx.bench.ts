/**
 * nginx dialect pickers: `npx tsx bench/dialects-nginx.bench.ts` prints ns per pick (median batch)
 * for each dialect at 10 / 100 / 1000 targets with weights 1..10: `pickKey` with IPv4 text
 * (ip_hash) or ASCII keys of 12-20 chars (hash, hash consistent), `pick` for round robin and
 * least_conn (O(n) loops, as nginx's).
 *
 * Keys and targets are built outside the timed functions; each timed call makes BATCH picks and
 * folds them into a sink so nothing is optimised away.
 */
import { Bench } from 'tinybench';
import type { DialectPicker } from '../src/balancer/dialects/dialect-picker.js';
import { NginxHashConsistentPicker } from '../src/balancer/dialects/nginx-hash-consistent.js';
import { NginxHashPicker } from '../src/balancer/dialects/nginx-hash.js';
import { NginxIpHashPicker } from '../src/balancer/dialects/nginx-ip-hash.js';
import { NginxLeastConnPicker } from '../src/balancer/dialects/nginx-least-conn.js';
import { NginxRoundRobinPicker } from '../src/balancer/dialects/nginx-round-robin.js';
import type { NginxTarget } from '../src/balancer/dialects/nginx-upstream.js';
import { formatIpv4 } from '../src/network/address.js';
import { createRng } from '../src/random/rng.js';

const BATCH = 1024;
const KEYS = 4096;
const SIZES = [10, 100, 1000];
const rng = createRng('nginx-dialects-bench');

const ipKeys = Array.from({ length: KEYS }, () => formatIpv4(Math.floor(rng.next() * 2 ** 32)));
const textKeys = Array.from(
  { length: KEYS },
  (_, i) => `user-${i}-${Math.floor(rng.next() * 1e9).toString(36)}`,
);

function targets(n: number): NginxTarget[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `10.${(i >> 8) & 255}.${i & 255}.1:8080`,
    weight: 1 + Math.floor(rng.next() * 10),
  }));
}

let sink = 0;
let cursor = 0;

function byKey(picker: DialectPicker, keys: readonly string[]): () => void {
  return () => {
    let acc = sink;
    const start = cursor;
    for (let i = 0; i < BATCH; i++) acc ^= picker.pickKey(keys[(start + i) & (KEYS - 1)]!);
    cursor = (start + BATCH) & (KEYS - 1);
    sink = acc;
  };
}

function byPick(picker: DialectPicker): () => void {
  return () => {
    let acc = sink;
    for (let i = 0; i < BATCH; i++) acc ^= picker.pick(i);
    sink = acc;
  };
}

const cases: [string, () => void][] = [];
for (const n of SIZES) {
  const list = targets(n);
  cases.push([`nginx-round-robin, ${n}`, byPick(new NginxRoundRobinPicker(list))]);
  cases.push([`nginx-least-conn, ${n}`, byPick(new NginxLeastConnPicker(list))]);
  cases.push([`nginx-ip-hash, ${n}`, byKey(new NginxIpHashPicker(list), ipKeys)]);
  cases.push([`nginx-hash, ${n}`, byKey(new NginxHashPicker(list), textKeys)]);
  cases.push([`nginx-hash-consistent, ${n}`, byKey(new NginxHashConsistentPicker(list), textKeys)]);
}

const bench = new Bench({ time: 200, warmupTime: 100 });
for (const [name, fn] of cases) bench.add(name, fn);
await bench.run();

function nsPerOp(name: string): number {
  const result = bench.getTask(name)?.result as { latency?: { p50: number } } | undefined;
  return ((result?.latency?.p50 ?? Number.NaN) * 1e6) / BATCH;
}
console.table(cases.map(([name]) => ({ case: name, 'ns/pick': nsPerOp(name).toFixed(1) })));
if (sink === 0.5) console.log('unreachable; keeps the sink alive');
