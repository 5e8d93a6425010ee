/** Connection reuse: the table against a plain map, the counts' distribution, the book's accounting. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_LOOKUP } from '../../src/balancer/user-algorithms.js';
import type { Picker } from '../../src/balancer/picker.js';
import { BackendPool } from '../../src/listener/backend-pool.js';
import { blankRequest } from '../../src/listener/pool-options.js';
import { ConnectionTable, RequestCounts } from '../../src/listener/connection-table.js';
import { createRng, deriveRng } from '../../src/random/rng.js';
import type { RequestsPerConnectionSpec } from '../../src/scenario/types.js';

const CLIENTS = 8;
const IDLE_MS = 50;

/** One step: time moves on by `gap`, then a request, a broken connection, or a target closed. */
const step = fc.record({
  gap: fc.integer({ min: 0, max: 40 }),
  kind: fc.constantFrom('request', 'request', 'request', 'close', 'closeTarget'),
  client: fc.integer({ min: 0, max: CLIENTS - 1 }),
  target: fc.integer({ min: 0, max: 2 }),
});

interface Open {
  target: number;
  left: number;
  deadline: number;
}

describe('ConnectionTable', () => {
  it('for all request sequences: the same open connections as a plain map', () => {
    const spec: RequestsPerConnectionSpec = { mean: 3, distribution: 'geometric' };
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), fc.string(), (steps, seed) => {
        const table = new ConnectionTable(CLIENTS, IDLE_MS, spec, createRng(seed));
        const counts = new RequestCounts(spec);
        const rng = createRng(seed);
        const model = new Map<number, Open>();
        let now = 0;
        for (const s of steps) {
          now += s.gap;
          // Due connections close, earliest first, in both.
          const closed: number[] = [];
          while (table.nextDeadline() <= now) closed.push(table.closeFirst());
          const due = [...model].filter(([, c]) => c.deadline <= now);
          due.forEach(([client]) => model.delete(client));
          expect(closed.sort()).toEqual(due.map(([, c]) => c.target).sort());
          if (s.kind === 'request') {
            const open = model.get(s.client);
            expect(table.targetOf(s.client)).toBe(open?.target ?? -1);
            if (open === undefined) {
              const more = table.open(s.client, s.target, now);
              const n = counts.draw(rng);
              expect(more).toBe(n > 1);
              if (n > 1)
                model.set(s.client, { target: s.target, left: n - 1, deadline: now + IDLE_MS });
            } else {
              open.left--;
              open.deadline = now + IDLE_MS;
              expect(table.ride(s.client, now)).toBe(open.left > 0);
              if (open.left === 0) model.delete(s.client);
            }
          } else if (s.kind === 'close') {
            table.close(s.client);
            model.delete(s.client);
          } else {
            const mine = [...model].filter(([, c]) => c.target === s.target);
            expect(table.closeTarget(s.target)).toBe(mine.length);
            mine.forEach(([client]) => model.delete(client));
          }
          expect(table.size).toBe(model.size);
          const earliest = Math.min(...[...model.values()].map((c) => c.deadline));
          expect(table.nextDeadline()).toBe(earliest);
          for (let c = 0; c < CLIENTS; c++)
            expect(table.targetOf(c)).toBe(model.get(c)?.target ?? -1);
        }
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});

describe('RequestCounts', () => {
  it('constant: always the mean', () => {
    const counts = new RequestCounts({ mean: 4, distribution: 'constant' });
    const rng = createRng('constant');
    for (let i = 0; i < 1000; i++) expect(counts.draw(rng)).toBe(4);
  });

  it.each([1.5, 5, 40])(
    'geometric with mean %d: mean, P(1) and variance of the textbook law',
    (mean) => {
      const counts = new RequestCounts({ mean, distribution: 'geometric' });
      const rng = createRng(`geometric-${mean}`);
      const n = 50_000;
      let sum = 0;
      let sumSquares = 0;
      let ones = 0;
      for (let i = 0; i < n; i++) {
        const k = counts.draw(rng);
        expect(Number.isInteger(k) && k >= 1).toBe(true);
        sum += k;
        sumSquares += k * k;
        if (k === 1) ones++;
      }
      const p = 1 / mean;
      const variance = (1 - p) / (p * p);
      // Within 5 standard errors of the law's mean, P(1) = p and variance (1 − p) / p².
      expect(Math.abs(sum / n - mean)).toBeLessThan(5 * Math.sqrt(variance / n));
      expect(Math.abs(ones / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
      const sampleVariance = sumSquares / n - (sum / n) ** 2;
      expect(Math.abs(sampleVariance / variance - 1)).toBeLessThan(0.1);
    },
  );
});

/** A least-connections pool over two targets whose picker counts what the pool tells it. */
function countingPool(spec: RequestsPerConnectionSpec): {
  pool: BackendPool;
  counts: { opened: number; closed: number };
} {
  const counts = { opened: 0, closed: 0 };
  const wlc = BUILT_IN_LOOKUP.describe('wlc')!;
  const pool = new BackendPool({
    listener: 'tcp-80',
    algorithm: 'wlc',
    facts: {
      ...wlc,
      create: (targets, options) => {
        const inner: Picker = wlc.create(targets, options);
        return Object.assign(Object.create(inner) as Picker, {
          pick: (hash: number) => inner.pick(hash),
          update: (t: Parameters<Picker['update']>[0]) => {
            inner.update(t);
          },
          connectionOpened: (i: number) => {
            counts.opened++;
            inner.connectionOpened(i);
          },
          connectionClosed: (i: number) => {
            counts.closed++;
            inner.connectionClosed(i);
          },
        });
      },
    },
    sessionTimeoutMs: 0,
    healthChecks: false,
    thresholds: { healthyThreshold: 3, unhealthyThreshold: 3 },
    passiveChecks: false,
    rng: deriveRng('pool', 'picker'),
    windows: 1,
    reuse: { requests: spec, clients: 50, idleMs: 5000, rng: deriveRng('pool', 'reuse') },
  });
  const allow = { allows: () => true, allowsAll: true };
  for (const id of ['a:80', 'b:80']) {
    pool.bind({ id, instance: null, port: 80, weight: 10, filter: allow, up: true }, 0, 'steady');
  }
  pool.refresh(0);
  return { pool, counts };
}

describe('ConnectionBook through a pool', () => {
  it('counts each connection open once and closed once, through idling, ends and unbinds', () => {
    const { pool, counts } = countingPool({ mean: 4, distribution: 'geometric' });
    const rng = createRng('requests');
    const request = blankRequest();
    let now = 0;
    for (let i = 0; i < 20_000; i++) {
      now += rng.next() * 40;
      request.client = (rng.next() * 50) | 0;
      request.clientIp = request.client;
      request.nowMs = now;
      request.durationMs = rng.next() * 300;
      pool.handle(request);
      if (i === 10_000) pool.unbind(0, now);
      if (i === 10_001) pool.refresh(now);
    }
    const connections = pool.targets.reduce((n, t) => n + t.tally.connections, 0);
    const requests = pool.targets.reduce((n, t) => n + t.tally.requests, 0);
    expect(counts.opened).toBe(connections);
    // Reuse: about 4 requests a connection (fewer where idling or the unbind cut them short).
    expect(requests / connections).toBeGreaterThan(3.5);
    // Far in the future every earlier connection has ended: only the last request's is open.
    request.nowMs = now + 1e9;
    pool.handle(request);
    expect(counts.opened - counts.closed).toBe(1);
  });
});
