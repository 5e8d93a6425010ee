/**
 * Hashing costs: `npx tsx bench/hash.bench.ts` prints ns per hash (median batch) for mix32, hashIpv4 (text and
 * uint32), pure-JS xxh32 against xxhash-wasm's h32 at several key lengths, and hashString (which
 * routes between them at WASM_MIN_KEY_LENGTH).
 *
 * Inputs are built outside the timed functions: KEYS distinct keys per case, as flat (sequential)
 * strings; each timed call hashes BATCH of them so tinybench's per-call timer overhead does not
 * dominate, and folds the results into a sink so nothing is optimised away.
 */
import { Bench } from 'tinybench';
import xxhash from 'xxhash-wasm';
import { hashIpv4 } from '../src/hash/address-hash.js';
import { hashKey } from '../src/hash/hash-key.js';
import { mix32 } from '../src/hash/mix32.js';
import { WASM_MIN_KEY_LENGTH, hashString, initHashing } from '../src/hash/string-hash.js';
import { xxh32 } from '../src/hash/xxh32.js';
import { formatIpv4 } from '../src/network/address.js';
import { createRng } from '../src/random/rng.js';

const BATCH = 1024;
const KEYS = 4096;
const LENGTHS = [4, 8, 13, 16, 32, 64, 128, 256];

await initHashing();
const wasm = await xxhash();
const rng = createRng('hash-bench');

/** KEYS printable-ASCII keys of one length, built as flat strings (String.fromCharCode). */
function asciiKeys(length: number): string[] {
  const codes = new Array<number>(length);
  return Array.from({ length: KEYS }, () => {
    for (let j = 0; j < length; j++) codes[j] = 33 + Math.floor(rng.next() * 94);
    return String.fromCharCode(...codes);
  });
}

const ints = Uint32Array.from({ length: KEYS }, () => Math.floor(rng.next() * 2 ** 32));
const ipTexts = Array.from(ints, (n) => formatIpv4(n));
const keysByLength = new Map(LENGTHS.map((len) => [len, asciiKeys(len)]));

let sink = 0;
let cursor = 0;

/** A timed function hashing BATCH consecutive inputs with `hash`. */
function batchOf<T>(inputs: ArrayLike<T>, hash: (input: T) => number): () => void {
  return () => {
    let acc = sink;
    const start = cursor;
    for (let i = 0; i < BATCH; i++) acc ^= hash(inputs[(start + i) & (KEYS - 1)]!);
    cursor = (start + BATCH) & (KEYS - 1);
    sink = acc;
  };
}

// Every case goes through the one `batchOf` call site (megamorphic to V8), so each figure includes
// the loop and an indirect call, a few ns: the mix32 row is an upper bound on that overhead.
const cases: [string, () => void][] = [
  ['mix32', batchOf(ints, mix32)],
  ['hashIpv4(uint32)', batchOf(ints, (n) => hashIpv4(n))],
  ['hashIpv4(text)', batchOf(ipTexts, (s) => hashIpv4(s))],
  ['hashKey(IPv4 text)', batchOf(ipTexts, hashKey)],
];
for (const len of LENGTHS) {
  const keys = keysByLength.get(len)!;
  cases.push([`xxh32 JS, ${len} chars`, batchOf(keys, (s) => xxh32(s))]);
  cases.push([`h32 wasm, ${len} chars`, batchOf(keys, (s) => wasm.h32(s))]);
  cases.push([`hashString, ${len} chars`, batchOf(keys, hashString)]);
}

const bench = new Bench({ time: 200, warmupTime: 100 });
for (const [name, fn] of cases) bench.add(name, fn);
await bench.run();

function nsPerOp(name: string): number {
  // The median, not the mean: on a shared machine a few preempted batches skew the mean.
  const result = bench.getTask(name)?.result as { latency?: { p50: number } } | undefined;
  return ((result?.latency?.p50 ?? Number.NaN) * 1e6) / BATCH;
}
const rows = cases.map(([name]) => ({ case: name, 'ns/op': nsPerOp(name).toFixed(1) }));
console.log(`hashString routes keys of ${WASM_MIN_KEY_LENGTH}+ chars to WebAssembly`);
console.table(rows);
if (sink === 0.5) console.log('unreachable; keeps the sink alive');
