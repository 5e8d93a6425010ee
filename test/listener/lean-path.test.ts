/**
 * The short request path of a lean pool (`BackendPool.handleLean`, taken by the run's loop) is the
 * full path with nothing left out: fed the same requests and control changes, a pool served by
 * `handle` and one served by `handleLean` count the same, target by target.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BackendPool } from '../../src/listener/backend-pool.js';
import { blankRequest } from '../../src/listener/pool-options.js';
import type { SourceFilter } from '../../src/listener/pool-target.js';
import { deriveRng } from '../../src/random/rng.js';

const TARGETS = 4;
const CLIENTS = 40;
const WINDOWS = 4;
/** The clients' first address, 192.168.0.0: above 2^31, where addresses must cross calls as int32. */
const BASE = 0xc0a80000;

const ALLOW_ALL: SourceFilter = { allows: () => true, allowsAll: true };
/** Lets in even client addresses only. */
const EVEN_ONLY: SourceFilter = { allows: (ip) => ip % 2 === 0, allowsAll: false };

type Step =
  | { readonly kind: 'request'; readonly client: number; readonly gapMs: number }
  | { readonly kind: 'up'; readonly target: number; readonly up: boolean }
  | { readonly kind: 'filter'; readonly target: number; readonly even: boolean }
  | { readonly kind: 'port'; readonly target: number; readonly even: boolean }
  | { readonly kind: 'weight'; readonly target: number; readonly weight: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      kind: fc.constant('request' as const),
      client: fc.nat(CLIENTS - 1),
      gapMs: fc.integer({ min: 0, max: 400 }),
    }),
  },
  fc.record({ kind: fc.constant('up' as const), target: fc.nat(TARGETS - 1), up: fc.boolean() }),
  fc.record({
    kind: fc.constant('filter' as const),
    target: fc.nat(TARGETS - 1),
    even: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('port' as const),
    target: fc.nat(TARGETS - 1),
    even: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('weight' as const),
    target: fc.nat(TARGETS - 1),
    weight: fc.integer({ min: 0, max: 5 }),
  }),
);

function pool(algorithm: 'wrr' | 'maglev' | 'random', sessions: boolean): BackendPool {
  const p = new BackendPool({
    listener: 'l',
    algorithm,
    sessionTimeoutMs: sessions ? 1000 : 0,
    sessionKeys: { base: BASE, count: CLIENTS, maxSessions: CLIENTS },
    healthChecks: false,
    thresholds: { healthyThreshold: 3, unhealthyThreshold: 3 },
    passiveChecks: false,
    rng: deriveRng('lean', 'picker'),
    windows: WINDOWS,
    clients: CLIENTS,
  });
  for (let i = 0; i < TARGETS; i++) {
    const binding = { id: `t${i}:80`, instance: null, port: 80, weight: 1 + i, up: true };
    p.bind({ ...binding, filter: ALLOW_ALL }, 0, 'steady');
  }
  p.refresh(0);
  return p;
}

/** Everything the report reads from a pool's counts. */
function counts(p: BackendPool): unknown {
  return {
    unserved: p.unserved,
    unservedBy: [...p.unservedBy],
    failed: [...p.failedWindows],
    moves: p.takeMoves(),
    targets: p.targets.map(({ tally: t }) => ({
      counts: [t.requests, t.connections, t.failed, t.blocked, t.newSessions, t.sessionsMovedIn],
      windows: [...t.windows],
    })),
  };
}

describe('BackendPool.handleLean', () => {
  it('counts what handle counts, for any requests and control changes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('wrr' as const, 'maglev' as const, 'random' as const),
        fc.boolean(),
        fc.array(step, { minLength: 100, maxLength: 300 }),
        (algorithm, sessions, steps) => {
          const full = pool(algorithm, sessions);
          const lean = pool(algorithm, sessions);
          expect(lean.lean).toBe(true);
          const request = blankRequest();
          let now = 0;
          for (const s of steps) {
            if (s.kind === 'request') {
              now += s.gapMs;
              const window = Math.min(WINDOWS - 1, Math.floor(now / 10_000));
              const clientIp = BASE + s.client;
              Object.assign(request, { client: s.client, clientIp, nowMs: now, window });
              full.handle(request);
              lean.nowMs = now;
              lean.handleLean(s.client, clientIp | 0, window);
              continue;
            }
            for (const p of [full, lean]) {
              if (s.kind === 'up') p.setUp(s.target, s.up);
              else if (s.kind === 'filter') p.setFilter(s.target, s.even ? EVEN_ONLY : ALLOW_ALL);
              else if (s.kind === 'port') {
                const filter = s.even ? EVEN_ONLY : ALLOW_ALL;
                p.setPort(s.target, 81, `t${s.target}:81`, filter);
              } else p.setWeight(s.target, s.weight, now);
              p.refresh(now);
            }
          }
          expect(counts(lean)).toEqual(counts(full));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is not offered where the full path does more: passive checks or counted connections', () => {
    const options = {
      listener: 'l',
      sessionTimeoutMs: 0,
      healthChecks: false,
      thresholds: { healthyThreshold: 3, unhealthyThreshold: 3 },
      rng: deriveRng('lean', 'picker'),
      windows: 1,
    };
    expect(new BackendPool({ ...options, algorithm: 'wrr', passiveChecks: true }).lean).toBe(false);
    const leastConnections = { ...options, algorithm: 'wlc' as const };
    expect(new BackendPool({ ...leastConnections, passiveChecks: false }).lean).toBe(false);
  });
});
