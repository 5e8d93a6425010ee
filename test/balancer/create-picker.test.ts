import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPicker } from '../../src/balancer/create-picker.js';
import { ALGORITHMS, type Algorithm } from '../../src/balancer/algorithms.js';
import { NO_TARGET } from '../../src/balancer/picker.js';
import { createRng } from '../../src/random/rng.js';
import { keyOf } from './reference-consistent/keys.js';

const targetsOf = (weights: readonly number[]) =>
  weights.map((weight, i) => ({ id: `10.0.0.${i}:80`, weight }));

/** Picks `n` times with keys 0..n-1, opening and closing a connection around each pick. */
function picks(
  algorithm: Algorithm,
  weights: readonly number[],
  n: number,
  seed = 'seed',
): number[] {
  const picker = createPicker(algorithm, targetsOf(weights), { rng: createRng(seed) });
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = picker.pick(keyOf(k));
    out.push(i);
    if (i >= 0) {
      picker.connectionOpened(i);
      if (k % 3 === 0) picker.connectionClosed(i);
    }
  }
  return out;
}

describe.each(ALGORITHMS)('createPicker(%s)', (algorithm) => {
  it('never picks a weight-0 target, for all weight vectors and keys', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 12 }),
        fc.nat(1000),
        (weights, start) => {
          const chosen = picks(algorithm, weights, 200, `s${start}`);
          const positive = weights.some((w) => w > 0);
          for (const i of chosen) {
            if (!positive) expect(i).toBe(NO_TARGET);
            else expect(weights[i]).toBeGreaterThan(0);
          }
        },
      ),
      { seed: 42, numRuns: 60 },
    );
  });

  it('gives the same picks for the same targets and seed', () => {
    const weights = [10, 0, 30, 60, 5];
    expect(picks(algorithm, weights, 500)).toEqual(picks(algorithm, weights, 500));
  });

  it('rejects bad weights, naming the module, the target and the value', () => {
    for (const [weight, shown] of [
      [101, '101'],
      [-1, '-1'],
      [1.5, '1.5'],
      [Number.NaN, 'NaN'],
    ] as const) {
      expect(() => createPicker(algorithm, targetsOf([1, weight]))).toThrow(
        new RangeError(
          `${algorithm}: targets[1] ("10.0.0.1:80") weight must be an integer in 0..100, got ${shown}`,
        ),
      );
    }
    expect(() =>
      createPicker(algorithm, [
        { id: 'a', weight: 1 },
        { id: 'a', weight: 2 },
      ]),
    ).toThrow(RangeError);
  });
});

describe('createPicker', () => {
  it('rejects an unknown algorithm', () => {
    expect(() => createPicker('nope' as Algorithm, targetsOf([1]))).toThrow(
      /createPicker: algorithm must be one of wrr, wlc, p2c, ip-hash, maglev, ring-hash, random, got "nope"/,
    );
  });
});
