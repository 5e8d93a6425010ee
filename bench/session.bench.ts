/**
 * Session table benchmark: `npx tsx bench/session.bench.ts`. At 10^5 and 10^6 live sessions:
 *
 * - touch-hit: a returning client (its session is live); keys drawn from the live ones at random.
 * - touch-miss+set: a new client (lookup misses, then a session is created), in steady churn: one
 *   request per simulated millisecond and a timeout of N ms, so about N sessions stay live while
 *   the expired ones are swept incrementally.
 *
 * Key streams are built outside the timed function; each timed call makes BATCH operations so
 * tinybench's per-call overhead does not dominate. Prints ns per operation and bytes per live
 * session (table bytes over live sessions, after pruning the expired ones).
 */
import { Bench } from 'tinybench';
import { mix32 } from '../src/hash/mix32.js';
import { createRng } from '../src/random/rng.js';
import { SessionTable } from '../src/session/session-table.js';

const BATCH = 1024;
const STREAM = 1 << 16;

/** The key of the i-th client: a bijection of i, so distinct clients never share a key. */
function clientKey(i: number): number {
  return Math.imul(i, 0x9e3779b1) >>> 0;
}

interface Row {
  readonly case: string;
  readonly sessions: number;
  readonly nsPerOp: number;
  readonly bytesPerSession: number;
}

const rows: Row[] = [];
let sink = 0;

for (const n of [100_000, 1_000_000]) {
  // touch-hit: n sessions that never expire during the run.
  const hitTable = new SessionTable({ timeoutMs: 1e12 });
  for (let i = 0; i < n; i++) hitTable.set(clientKey(i), i & 1023, 0);
  const rng = createRng(`session-bench-${n}`);
  const hitKeys = new Uint32Array(STREAM);
  for (let i = 0; i < STREAM; i++) hitKeys[i] = clientKey(rng.nextUint32() % n);
  let hitAt = 0;
  let hitNow = 0;

  // touch-miss+set: steady churn with about n live sessions.
  const churnTable = new SessionTable({ timeoutMs: n });
  let next = 0;
  for (; next < n; next++) churnTable.set(mix32(next), next & 1023, next);

  const bench = new Bench({ time: 500, warmupTime: 100 });
  bench
    .add(`touch-hit ${n}`, () => {
      let s = 0;
      hitNow += 1;
      for (let j = 0; j < BATCH; j++) {
        s += hitTable.touch(hitKeys[hitAt]!, hitNow);
        hitAt = (hitAt + 1) & (STREAM - 1);
      }
      sink ^= s;
    })
    .add(`touch-miss+set ${n}`, () => {
      let s = 0;
      for (let j = 0; j < BATCH; j++, next++) {
        const key = mix32(next);
        if (churnTable.touch(key, next) < 0) churnTable.set(key, next & 1023, next);
        else s++;
      }
      sink ^= s;
    });
  await bench.run();
  const lingering = churnTable.size;
  const expired = churnTable.prune(next);
  console.log(
    `n=${n}: the churn table held ${lingering} entries, ${expired} of them expired but not yet swept`,
  );
  for (const task of bench.tasks) {
    const result = task.result as { latency?: { mean: number }; period?: number } | undefined;
    const meanMs = result?.latency?.mean ?? result?.period ?? NaN;
    const table = task.name.startsWith('touch-hit') ? hitTable : churnTable;
    rows.push({
      case: task.name.split(' ')[0]!,
      sessions: table.size,
      nsPerOp: (meanMs * 1e6) / BATCH,
      bytesPerSession: table.byteSize() / table.size,
    });
  }
}

console.log('| case | live sessions | ns/op | bytes/session |');
console.log('|---|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.case} | ${r.sessions} | ${r.nsPerOp.toFixed(1)} | ${r.bytesPerSession.toFixed(1)} |`,
  );
}
if (sink === 0.5) console.log(sink); // keeps the work observable
