/**
 * End to end: simulated requests per second with sessions and health checks on at 10^5 clients,
 * and peak memory at 10^6 clients. Run: `npx tsx bench/simulate.bench.ts` (each case in its own
 * process, so the memory figure is that run's alone).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { simulate } from '../src/sim/simulate.js';

const [clientsText] = process.argv.slice(2);

function scenario(clients: number): unknown {
  const n = 10;
  return {
    seed: 'bench',
    durationSec: 1000,
    loadBalancer: { id: 'lb', region: 'ap-guangzhou', vpcId: 'vpc-1', vip: '203.0.113.10' },
    instances: Array.from({ length: n }, (_, i) => ({
      id: `ins-${i}`,
      region: 'ap-guangzhou',
      vpcId: 'vpc-1',
      privateIp: `10.0.0.${10 + i}`,
      securityGroups: ['sg'],
    })),
    securityGroups: [
      { id: 'sg', inbound: [{ source: '0.0.0.0/0', port: 'ALL', action: 'allow' }] },
    ],
    listeners: [
      {
        id: 'tcp-80',
        protocol: 'TCP',
        port: 80,
        algorithm: 'wrr',
        session: { timeoutSec: 600 },
        targets: Array.from({ length: n }, (_, i) => ({
          instance: `ins-${i}`,
          port: 8080,
          weight: 10 + i,
        })),
      },
    ],
    traffic: { ratePerSec: 5000, clients, popularity: { zipf: 1.1 }, connectionMs: 200 },
    events: [{ atSec: 500, op: 'setWeight', listener: 'tcp-80', target: 'ins-0:8080', weight: 0 }],
  };
}

if (clientsText === undefined) {
  const rows = [
    '| clients | requests | wall s | M requests/s | peak RSS MB |',
    '|---|---|---|---|---|',
  ];
  for (const clients of [100_000, 1_000_000]) {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), String(clients)],
      { encoding: 'utf8' },
    );
    const r = JSON.parse(out.trim()) as { requests: number; seconds: number; rssMb: number };
    rows.push(
      `| ${clients.toLocaleString('en-US')} | ${r.requests.toLocaleString('en-US')} | ${r.seconds.toFixed(2)} | ${(r.requests / r.seconds / 1e6).toFixed(2)} | ${r.rssMb.toFixed(0)} |`,
    );
  }
  process.stdout.write(`${rows.join('\n')}\n`);
} else {
  const clients = Number(clientsText);
  let peak = process.memoryUsage().rss;
  const start = performance.now();
  const report = await simulate(scenario(clients), {
    onProgress: () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    },
  });
  const seconds = (performance.now() - start) / 1000;
  peak = Math.max(peak, process.memoryUsage().rss);
  process.stdout.write(
    `${JSON.stringify({ requests: report.requests, seconds, rssMb: peak / 2 ** 20 })}\n`,
  );
}
