/** Why a pool has nothing eligible: eligibility's reason against a plain reading of the rules. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { initialHealth, type HealthStatus } from '../../src/health/health-state.js';
import {
  eligibility,
  POOL_UNSERVED_REASONS,
  type Candidate,
} from '../../src/listener/eligibility.js';
import type { UnservedReason } from '../../src/report/types.js';

const HEALTH: readonly HealthStatus[] = [
  initialHealth('steady', 0),
  initialHealth('new', 0),
  initialHealth('off', 0),
  { state: 'abnormal', successes: 0, since: 0 },
];

/** The reason, read off the rules one at a time. */
function reference(targets: readonly Candidate[], ejected: readonly boolean[]): UnservedReason {
  const bound = targets.filter((t) => t.bound);
  const candidates = bound.filter((t) => t.weight > 0);
  const serving = (t: Candidate): boolean =>
    t.health.state === 'healthy' || t.health.state === 'closed';
  const eligible = targets.some((t, i) => t.bound && t.weight > 0 && serving(t) && !ejected[i]);
  const failOpen = candidates.length > 0 && candidates.every((t) => t.health.state === 'abnormal');
  if (eligible || failOpen) return 'picker-declined';
  if (bound.length === 0) return 'no-targets-bound';
  if (candidates.length === 0) return 'all-weights-zero';
  if (candidates.some(serving)) return 'all-ejected';
  return 'none-healthy';
}

const candidate = fc.record({
  bound: fc.boolean(),
  weight: fc.constantFrom(0, 10),
  health: fc.constantFrom(...HEALTH),
});

describe('eligibility: why nothing is eligible', () => {
  it('for all pools: the reason a plain reading of the rules gives', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(candidate, fc.boolean()), { maxLength: 5 }), (pairs) => {
        const targets = pairs.map(([t]) => t);
        const ejected = pairs.map(([, e]) => e);
        const e = eligibility(targets, 0, (i) => (ejected[i] === true ? 1 : -Infinity));
        expect(POOL_UNSERVED_REASONS[e.nothingEligible]).toBe(reference(targets, ejected));
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  it('names the cases a person meets', () => {
    const [healthy, probing] = HEALTH;
    const reason = (targets: Candidate[]): string =>
      POOL_UNSERVED_REASONS[eligibility(targets, 0).nothingEligible]!;
    expect(reason([])).toBe('no-targets-bound');
    expect(reason([{ bound: true, weight: 0, health: healthy! }])).toBe('all-weights-zero');
    expect(reason([{ bound: true, weight: 10, health: probing! }])).toBe('none-healthy');
  });
});
