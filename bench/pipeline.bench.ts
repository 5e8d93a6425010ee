/**
 * The per-request pipeline of one listener (session lookup → eligible set → picker → session →
 * security group → outcome), with sessions off and on, at 10^5 and 10^6 clients, the session
 * state sized up front as the engine sizes it; and bytes per live session. It measures the
 * sources through tsx (for what users run: `npm run bench:e2e`). Run:
 * `npx tsx bench/pipeline.bench.ts` (each configuration in its own process).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { BackendPool } from '../src/listener/backend-pool.js';
import { blankRequest } from '../src/listener/pool-options.js';
import { compileAcl } from '../src/network/security-group.js';
import { createRng } from '../src/random/rng.js';

const BATCH = 1024;
const [mode, clientsText] = process.argv.slice(2);

if (mode === undefined) {
  const rows: string[] = [
    '| sessions | clients | ns/request | bytes/session |',
    '|---|---|---|---|',
  ];
  for (const sessions of ['off', 'on']) {
    for (const clients of [100_000, 1_000_000]) {
      const out = execFileSync(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(import.meta.url), sessions, String(clients)],
        { encoding: 'utf8' },
      );
      const r = JSON.parse(out.trim()) as { ns: number; bytesPerSession: number };
      rows.push(
        `| ${sessions} | ${clients.toLocaleString('en-US')} | ${r.ns.toFixed(1)} | ${sessions === 'on' ? r.bytesPerSession.toFixed(1) : ''} |`,
      );
    }
  }
  process.stdout.write(`${rows.join('\n')}\n`);
} else {
  const clients = Number(clientsText);
  const pool = new BackendPool({
    listener: 'tcp-80',
    algorithm: 'wrr',
    sessionTimeoutMs: mode === 'on' ? 3_600_000 : 0,
    healthChecks: true,
    thresholds: { healthyThreshold: 3, unhealthyThreshold: 3 },
    passiveChecks: false,
    rng: createRng('bench'),
    windows: 1,
    // As the engine sizes it: every client may hold a session.
    sessionKeys: { base: 0x64400000, count: clients, maxSessions: clients },
  });
  const acl = compileAcl(
    [{ inbound: [{ source: '100.64.0.0/10', port: 'ALL', action: 'allow' }] }],
    8080,
  );
  for (let i = 0; i < 10; i++) {
    pool.bind(
      {
        id: `ins-${i}:8080`,
        instance: `ins-${i}`,
        port: 8080,
        weight: 10 + i,
        filter: acl,
        up: true,
      },
      0,
      'steady',
    );
  }
  pool.refresh(0);
  const base = 0x64400000; // 100.64.0.0
  // A precomputed stream of client indices and their hashes.
  const rng = createRng('clients');
  const stream = new Uint32Array(1 << 16);
  for (let i = 0; i < stream.length; i++) {
    stream[i] = (rng.next() * clients) | 0;
  }
  const request = blankRequest();
  // Warm the session table with every client once.
  for (let c = 0; c < clients; c++) {
    request.client = c;
    request.clientIp = base + c;
    pool.handle(request);
  }
  let cursor = 0;
  const bench = new Bench({ time: 500, warmupTime: 100 });
  bench.add('pipeline', () => {
    for (let k = 0; k < BATCH; k++) {
      const i = (cursor + k) & 0xffff;
      request.client = stream[i]!;
      request.clientIp = base + stream[i]!;
      request.nowMs += 0.001;
      pool.handle(request);
    }
    cursor = (cursor + BATCH) & 0xffff;
  });
  await bench.run();
  const result = bench.tasks[0]!.result as { latency: { mean: number } };
  const bytes = pool.sessionBytes();
  process.stdout.write(
    `${JSON.stringify({ ns: (result.latency.mean * 1e6) / BATCH, bytesPerSession: bytes / clients })}\n`,
  );
}
