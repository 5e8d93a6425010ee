/**
 * Which sessions a pool keeps, under health checks and rescheduling: for any requests, probe
 * results and weight changes, a request goes only to a target that takes traffic (or to any under
 * fail-open), never to a target drained to weight 0 once its reschedule window is over, and the
 * short path (`handleLean`) counts what the full path (`handle`) counts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { takesTraffic } from '../../src/health/health-state.js';
import { BackendPool } from '../../src/listener/backend-pool.js';
import { blankRequest } from '../../src/listener/pool-options.js';
import { deriveRng } from '../../src/random/rng.js';

const TARGETS = 3;
const CLIENTS = 30;
const BASE = 0x0a000000;
/** Sessions on a target set to weight 0 leave within this window. */
const WINDOW_MS = 500;

type Step =
  | { readonly kind: 'request'; readonly client: number; readonly gapMs: number }
  | { readonly kind: 'probe'; readonly target: number; readonly ok: boolean }
  | { readonly kind: 'weight'; readonly target: number; readonly weight: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('request' as const),
      client: fc.nat(CLIENTS - 1),
      gapMs: fc.integer({ min: 0, max: 200 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('probe' as const),
      target: fc.nat(TARGETS - 1),
      ok: fc.boolean(),
    }),
  },
  fc.record({
    kind: fc.constant('weight' as const),
    target: fc.nat(TARGETS - 1),
    weight: fc.integer({ min: 0, max: 3 }),
  }),
);

function pool(algorithm: 'wrr' | 'maglev'): BackendPool {
  const p = new BackendPool({
    listener: 'l',
    algorithm,
    sessionTimeoutMs: 5000,
    sessionKeys: { base: BASE, count: CLIENTS, maxSessions: CLIENTS },
    healthChecks: true,
    thresholds: { healthyThreshold: 2, unhealthyThreshold: 2 },
    passiveChecks: false,
    rng: deriveRng('keeping', 'picker'),
    windows: 1,
    clients: CLIENTS,
    reschedule: { onWeightZero: true, onUnhealthy: false, onScale: false, windowMs: WINDOW_MS },
  });
  for (let i = 0; i < TARGETS; i++) {
    const binding = { id: `t${i}:80`, instance: null, port: 80, weight: 1 + i, up: true };
    p.bind({ ...binding, filter: { allows: () => true, allowsAll: true } }, 0, 'steady');
  }
  p.refresh(0);
  return p;
}

/** The target whose request count went up since `before`, or -1. */
function served(p: BackendPool, before: readonly number[]): number {
  return p.targets.findIndex((t, i) => t.tally.requests > before[i]!);
}

function failOpen(p: BackendPool): boolean {
  return p.failOpenSpans.at(-1)?.toMs === Infinity;
}

describe('BackendPool: the sessions it keeps', () => {
  it('sends each request to a target that takes traffic and has not drained, on both paths', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('wrr' as const, 'maglev' as const),
        // At least 100 steps: fast-check's arrays are short by default, too short for a target to
        // fail two probes in a row and then see a client of its own again.
        fc.array(step, { minLength: 100, maxLength: 300 }),
        (algorithm, steps) => {
          const full = pool(algorithm);
          const lean = pool(algorithm);
          expect(lean.lean).toBe(true);
          const drainedAt = new Array<number>(TARGETS).fill(Infinity);
          const request = blankRequest();
          let now = 0;
          for (const s of steps) {
            if (s.kind === 'probe') {
              full.probe(s.target, s.ok, now);
              lean.probe(s.target, s.ok, now);
              continue;
            }
            if (s.kind === 'weight') {
              for (const p of [full, lean]) {
                p.setWeight(s.target, s.weight, now);
                p.refresh(now);
              }
              drainedAt[s.target] = s.weight === 0 ? now : Infinity;
              continue;
            }
            now += s.gapMs;
            const clientIp = BASE + s.client;
            const before = full.targets.map((t) => t.tally.requests);
            Object.assign(request, { client: s.client, clientIp, nowMs: now, window: 0 });
            full.handle(request);
            lean.nowMs = now;
            lean.handleLean(s.client, clientIp | 0, 0);
            const to = served(full, before);
            if (to < 0) continue;
            if (!failOpen(full)) expect(takesTraffic(full.targets[to]!.health)).toBe(true);
            expect(now - drainedAt[to]!).toBeLessThan(WINDOW_MS);
          }
          const tallies = (p: BackendPool): unknown =>
            p.targets.map(({ tally: t }) => [t.requests, t.newSessions, t.sessionsMovedIn]);
          expect(tallies(lean)).toEqual(tallies(full));
        },
      ),
      { numRuns: 100 },
    );
  });
});
