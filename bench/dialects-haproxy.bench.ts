/**
 * HAProxy dialects: `npx tsx bench/dialects-haproxy.bench.ts` prints ns per pick (median batch)
 * for each dialect at 10, 100 and 1000 servers with weights 1..100: roundrobin and leastconn
 * (open, pick, close), map-based and consistent hashing by precomputed hash, by IPv4 text and by
 * a 16-character header value.
 *
 * Inputs are built outside the timed functions; each timed call makes BATCH picks so tinybench's
 * timer overhead does not dominate, and folds the results into a sink.
 */
import { Bench } from 'tinybench';
import type { DialectPicker, DialectTarget } from '../src/balancer/dialects/dialect-picker.js';
import { HaproxyHashConsistentPicker } from '../src/balancer/dialects/haproxy-hash-consistent.js';
import { HaproxyHashPicker } from '../src/balancer/dialects/haproxy-hash.js';
import { HaproxyLeastConnPicker } from '../src/balancer/dialects/haproxy-leastconn.js';
import { HaproxyRoundRobinPicker } from '../src/balancer/dialects/haproxy-roundrobin.js';
import { formatIpv4 } from '../src/network/address.js';
import { createRng } from '../src/random/rng.js';

const BATCH = 1024;
const KEYS = 4096;
const SIZES = [10, 100, 1000];
const rng = createRng('haproxy-dialects-bench');

const hashes = Uint32Array.from({ length: KEYS }, () => Math.floor(rng.next() * 2 ** 32));
const ipTexts = Array.from(hashes, (n) => formatIpv4(n));
const headerKeys = Array.from({ length: KEYS }, () =>
  String.fromCharCode(...Array.from({ length: 16 }, () => 97 + Math.floor(rng.next() * 26))),
);

function targets(n: number): DialectTarget[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `10.0.${i >> 8}.${i & 255}:80`,
    weight: 1 + Math.floor(rng.next() * 100),
  }));
}

let sink = 0;
let cursor = 0;

function byHash(p: DialectPicker): () => void {
  return () => {
    let acc = sink;
    for (let i = 0; i < BATCH; i++) acc ^= p.pick(hashes[(cursor + i) & (KEYS - 1)]!);
    cursor = (cursor + BATCH) & (KEYS - 1);
    sink = acc;
  };
}

function byKey(p: DialectPicker, keys: readonly string[]): () => void {
  return () => {
    let acc = sink;
    for (let i = 0; i < BATCH; i++) acc ^= p.pickKey(keys[(cursor + i) & (KEYS - 1)]!);
    cursor = (cursor + BATCH) & (KEYS - 1);
    sink = acc;
  };
}

/** Leastconn in a steady state: pick, open, and close the request opened 64 picks earlier. */
function leastconn(p: DialectPicker): () => void {
  const ring = new Int32Array(64).fill(-1);
  let at = 0;
  return () => {
    let acc = sink;
    for (let i = 0; i < BATCH; i++) {
      const s = p.pick(0);
      p.connectionOpened(s);
      const old = ring[at]!;
      if (old >= 0) p.connectionClosed(old);
      ring[at] = s;
      at = (at + 1) & 63;
      acc ^= s;
    }
    sink = acc;
  };
}

const cases: [string, () => void][] = [];
for (const n of SIZES) {
  const t = targets(n);
  cases.push([`roundrobin @${n}`, byHash(new HaproxyRoundRobinPicker(t))]);
  cases.push([`leastconn pick+open+close @${n}`, leastconn(new HaproxyLeastConnPicker(t))]);
  const map = new HaproxyHashPicker(t);
  cases.push([`hash map-based, pick(hash) @${n}`, byHash(map)]);
  cases.push([`hash map-based, IPv4 text @${n}`, byKey(map, ipTexts)]);
  cases.push([`hash map-based, 16-char header @${n}`, byKey(map, headerKeys)]);
  const ring = new HaproxyHashConsistentPicker(t);
  cases.push([`hash consistent, pick(hash) @${n}`, byHash(ring)]);
  cases.push([`hash consistent, IPv4 text @${n}`, byKey(ring, ipTexts)]);
  cases.push([`hash consistent, 16-char header @${n}`, byKey(ring, headerKeys)]);
}

const bench = new Bench({ time: 150, warmupTime: 50 });
for (const [name, fn] of cases) bench.add(name, fn);
await bench.run();

function nsPerPick(name: string): number {
  const result = bench.getTask(name)?.result as { latency?: { p50: number } } | undefined;
  return ((result?.latency?.p50 ?? Number.NaN) * 1e6) / BATCH;
}
console.table(cases.map(([name]) => ({ case: name, 'ns/pick': nsPerPick(name).toFixed(1) })));
if (sink === 0.5) console.log('unreachable; keeps the sink alive');
