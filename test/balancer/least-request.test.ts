import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LeastRequestPicker } from '../../src/balancer/least-request.js';
import type { PickerTarget } from '../../src/balancer/picker.js';
import { createRng, type Rng } from '../../src/random/rng.js';
import { LeastRequestReference } from './reference/least-request-reference.js';

const targetsOf = (weights: readonly number[], prefix = 't'): PickerTarget[] =>
  weights.map((weight, i) => ({ id: `${prefix}${i}`, weight }));

/** An Rng replaying fixed values (each `next()` takes the next one, cycling). */
function scriptedRng(values: readonly number[]): Rng {
  let k = 0;
  return { next: () => values[k++ % values.length]!, nextUint32: () => 0 };
}

const weightVectors = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100 })), {
  minLength: 1,
  maxLength: 20,
});

type Op =
  | { kind: 'pick' }
  | { kind: 'open'; at: number }
  | { kind: 'close'; at: number }
  | { kind: 'update'; weights: number[] };

const ops = fc.array(
  fc.oneof(
    { weight: 6, arbitrary: fc.constant<Op>({ kind: 'pick' }) },
    { weight: 3, arbitrary: fc.nat(30).map((at): Op => ({ kind: 'open', at })) },
    { weight: 2, arbitrary: fc.nat(30).map((at): Op => ({ kind: 'close', at })) },
    { weight: 1, arbitrary: weightVectors.map((weights): Op => ({ kind: 'update', weights })) },
  ),
  { maxLength: 300 },
);

describe('LeastRequestPicker', () => {
  it('picks as the O(n) reference for any weights, loads, updates, bias and choice count', () => {
    fc.assert(
      fc.property(
        weightVectors,
        ops,
        fc.constantFrom(0, 0.5, 1, 2, 10),
        fc.integer({ min: 2, max: 10 }),
        fc.nat(),
        (weights, script, bias, choices, seed) => {
          const options = { activeRequestBias: bias, choiceCount: choices };
          const picker = new LeastRequestPicker(targetsOf(weights), {
            ...options,
            rng: createRng(`lr${seed}`),
          });
          const reference = new LeastRequestReference(
            targetsOf(weights),
            createRng(`lr${seed}`),
            bias,
            choices,
          );
          for (const op of script) {
            if (op.kind === 'pick') {
              const got = picker.pick();
              expect(got).toBe(reference.pick());
              if (got >= 0) {
                picker.connectionOpened(got);
                reference.open(got);
              }
            } else if (op.kind === 'update') {
              // Ids overlap with the old list, so counts carried by id are exercised.
              picker.update(targetsOf(op.weights));
              reference.update(targetsOf(op.weights));
            } else if (op.at < picker.size) {
              if (op.kind === 'open') {
                picker.connectionOpened(op.at);
                reference.open(op.at);
              } else {
                picker.connectionClosed(op.at);
                reference.close(op.at);
              }
            }
          }
          for (let i = 0; i < picker.size; i++)
            expect(picker.active(i)).toBe(reference.activeOf(i));
        },
      ),
      { seed: 1010, numRuns: 300 },
    );
  });

  it('honours the weights when nothing is in flight (within one pick per target)', () => {
    fc.assert(
      fc.property(weightVectors, fc.integer({ min: 1, max: 20 }), (weights, rounds) => {
        const total = weights.reduce((a, b) => a + b, 0);
        fc.pre(new Set(weights.filter((w) => w > 0)).size > 1);
        const picker = new LeastRequestPicker(targetsOf(weights));
        const counts = weights.map(() => 0);
        for (let k = 0; k < rounds * total; k++) counts[picker.pick()]!++;
        weights.forEach((w, i) => {
          expect(Math.abs(counts[i]! - rounds * w)).toBeLessThanOrEqual(1);
        });
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('with bias 0 is plain weighted round robin: load changes nothing', () => {
    fc.assert(
      fc.property(weightVectors, fc.array(fc.nat(19), { maxLength: 200 }), (weights, loads) => {
        const plain = new LeastRequestPicker(targetsOf(weights), { activeRequestBias: 0 });
        const loaded = new LeastRequestPicker(targetsOf(weights), { activeRequestBias: 0 });
        fc.pre(loaded.weighted);
        for (const at of loads) if (at < weights.length) loaded.connectionOpened(at);
        for (let k = 0; k < 500; k++) expect(loaded.pick()).toBe(plain.pick());
      }),
      { seed: 11, numRuns: 40 },
    );
  });

  it('gives a loaded target fewer picks, the more so the higher the bias', () => {
    const share = (bias: number): number => {
      const picker = new LeastRequestPicker(targetsOf([10, 20, 30]), { activeRequestBias: bias });
      for (let k = 0; k < 9; k++) picker.connectionOpened(2);
      let picked = 0;
      for (let k = 0; k < 6000; k++) if (picker.pick() === 2) picked++;
      return picked / 6000;
    };
    // Weight 30 of 60 is half the picks unloaded; 9 in flight divide it by 10^bias.
    expect(share(0)).toBeCloseTo(0.5, 3);
    // Effective weights 10, 20, 3: 3/33.
    expect(share(1)).toBeCloseTo(3 / 33, 3);
    expect(share(2)).toBeCloseTo(0.3 / 30.3, 3);
  });

  it('re-keys only the picked target, as Envoy: a target loaded later still comes up once', () => {
    // Weights 1, 2: deadlines 1 and 0.5. Picks: 1 (→ 1.0), 0 (→ 2.0).
    const picker = new LeastRequestPicker(targetsOf([1, 2]));
    expect([picker.pick(), picker.pick()]).toEqual([1, 0]);
    for (let k = 0; k < 100; k++) picker.connectionOpened(0);
    // Target 0's entry (deadline 2.0) was keyed while idle; re-keying on open would push it to
    // 101 and it would not come up here. Target 1 goes 1.0 → 1.5 → 2.0 (a later sequence).
    expect([picker.pick(), picker.pick(), picker.pick()]).toEqual([1, 1, 0]);
    // Now picked with 100 in flight, it is due only at 2 + 101.
    for (let k = 0; k < 150; k++) expect(picker.pick()).toBe(1);
  });

  it('with equal weights keeps the least loaded of choiceCount draws, the first on a tie', () => {
    // Four targets: u in [k/4, (k+1)/4) draws target k.
    const picker = new LeastRequestPicker(targetsOf([5, 5, 5, 5]), {
      rng: scriptedRng([0.1, 0.9, 0.6, 0.3]),
    });
    expect(picker.weighted).toBe(false);
    expect(picker.pick()).toBe(0); // 0 vs 3: tie, first drawn
    picker.connectionOpened(2);
    expect(picker.pick()).toBe(1); // 2 (one active) vs 1 (none)
    picker.connectionOpened(0);
    expect(picker.pick()).toBe(3); // 0 (one active) vs 3 (none)
  });

  it('draws choiceCount targets per pick with equal weights and none when they differ', () => {
    let draws = 0;
    const counting: Rng = { next: () => (draws++ % 10) / 10, nextUint32: () => 0 };
    const equal = new LeastRequestPicker(targetsOf([3, 3, 0, 3]), {
      rng: counting,
      choiceCount: 5,
    });
    for (let k = 0; k < 10; k++) expect(equal.pick()).not.toBe(2);
    expect(draws).toBe(50);
    equal.update(targetsOf([3, 4, 0, 3]));
    for (let k = 0; k < 10; k++) equal.pick();
    expect(draws).toBe(50);
  });

  it('returns NO_TARGET without a positive weight and counts by id across updates', () => {
    const picker = new LeastRequestPicker(targetsOf([0, 0]));
    expect(picker.pick()).toBe(-1);
    picker.update([
      { id: 'a', weight: 1 },
      { id: 'b', weight: 2 },
    ]);
    picker.connectionOpened(1);
    picker.connectionOpened(1);
    picker.connectionClosed(0); // never below 0
    picker.update([
      { id: 'b', weight: 2 },
      { id: 'c', weight: 3 },
    ]);
    expect([picker.active(0), picker.active(1)]).toEqual([2, 0]);
  });

  it('refuses a bias or choice count out of range, naming the option', () => {
    expect(() => new LeastRequestPicker([], { activeRequestBias: -1 })).toThrow(
      /least-request: activeRequestBias must be a number in 0\.\.10, got -1/,
    );
    expect(() => new LeastRequestPicker([], { activeRequestBias: Number.NaN })).toThrow(RangeError);
    expect(() => new LeastRequestPicker([], { choiceCount: 1 })).toThrow(
      /least-request: choiceCount must be an integer in 2\.\.10, got 1/,
    );
    expect(() => new LeastRequestPicker([], { choiceCount: 2.5 })).toThrow(RangeError);
  });
});
