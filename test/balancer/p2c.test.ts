import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { P2cPicker } from '../../src/balancer/p2c.js';
import type { PickerTarget } from '../../src/balancer/picker.js';
import { createRng, type Rng } from '../../src/random/rng.js';

const targetsOf = (weights: readonly number[]): PickerTarget[] =>
  weights.map((weight, i) => ({ id: `t${i}`, weight }));

/** An Rng replaying fixed values (each `next()` takes the next one, cycling). */
function scriptedRng(values: readonly number[]): Rng {
  let k = 0;
  return {
    next: () => values[k++ % values.length]!,
    nextUint32: () => 0,
  };
}

/**
 * Both draws of pick k get the midpoint of cell k of an n·S grid over [0, 1): over n·S picks the
 * alias table must return every target exactly n·w_i times (n = targets, S = sum of weights).
 */
function gridRng(cells: number): Rng {
  let k = 0;
  return {
    next: () => ((Math.floor(k++ / 2) % cells) + 0.5) / cells,
    nextUint32: () => 0,
  };
}

const weightVectors = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100 })), {
  minLength: 1,
  maxLength: 30,
});

describe('P2cPicker', () => {
  it('draws each target with probability exactly weight / sum (alias table on a grid)', () => {
    fc.assert(
      fc.property(weightVectors, (weights) => {
        const total = weights.reduce((a, b) => a + b, 0);
        const n = weights.length;
        fc.pre(total > 0);
        // No connections counted: every comparison ties, so the first draw is returned.
        const picker = new P2cPicker(targetsOf(weights), { rng: gridRng(n * total) });
        const counts = weights.map(() => 0);

        for (let k = 0; k < n * total; k++) counts[picker.pick()]!++;

        expect(counts).toEqual(weights.map((w) => n * w));
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('keeps the draw with the lower active/weight, and the first on a tie', () => {
    // Weights 10, 20: u < 1/3 draws target 0, otherwise target 1.
    const picker = new P2cPicker(targetsOf([10, 20]), { rng: scriptedRng([0.1, 0.9]) });
    expect(picker.pick()).toBe(0); // 0/10 vs 0/20: tie, first drawn

    for (let n = 0; n < 3; n++) picker.connectionOpened(0); // 3/10
    for (let n = 0; n < 5; n++) picker.connectionOpened(1); // 5/20 < 3/10
    expect(picker.pick()).toBe(1);

    picker.connectionOpened(1); // 6/20 = 3/10: tie
    expect(picker.pick()).toBe(0);
  });

  it('converges to weight shares under a seeded rng when connections are short', () => {
    const weights = [10, 0, 30, 60];
    const picker = new P2cPicker(targetsOf(weights), { rng: createRng('shares') });
    const n = 60_000;
    const counts = weights.map(() => 0);

    for (let k = 0; k < n; k++) {
      const i = picker.pick();
      counts[i]!++;
      // One connection in flight at a time: loads stay 0/1, so shares follow the draws closely.
      picker.connectionOpened(i);
      picker.connectionClosed(i);
    }

    for (const [i, w] of weights.entries()) {
      const p = w / 100;
      expect(Math.abs(counts[i]! / n - p)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / n));
    }
  });

  it('balances long-lived connections in proportion to weight', () => {
    const weights = [1, 2, 3, 4];
    const picker = new P2cPicker(targetsOf(weights), { rng: createRng('load') });

    for (let k = 0; k < 10_000; k++) picker.connectionOpened(picker.pick());

    // Two choices keep every active/weight within a few connections of 1000 (sum 10·1000).
    for (const [i, w] of weights.entries()) {
      expect(Math.abs(picker.active(i) / w - 1000)).toBeLessThan(10);
    }
  });

  it('keeps connection counts by id across update', () => {
    const picker = new P2cPicker([
      { id: 'a', weight: 1 },
      { id: 'b', weight: 1 },
    ]);
    picker.connectionOpened(1);

    picker.update([
      { id: 'b', weight: 5 },
      { id: 'c', weight: 5 },
    ]);

    expect([picker.active(0), picker.active(1)]).toEqual([1, 0]);
  });

  it('never picks a weight-0 target and returns -1 when every weight is 0', () => {
    const picker = new P2cPicker(targetsOf([0, 7, 0]), { rng: createRng('zero') });
    for (let k = 0; k < 100; k++) expect(picker.pick()).toBe(1);

    expect(new P2cPicker(targetsOf([0, 0])).pick()).toBe(-1);
    expect(new P2cPicker([]).pick()).toBe(-1);
  });

  it('gives the same picks for the same seed', () => {
    const run = (): number[] => {
      const picker = new P2cPicker(targetsOf([5, 1, 9, 3]), { rng: createRng('same') });
      return Array.from({ length: 200 }, () => {
        const i = picker.pick();
        picker.connectionOpened(i);
        return i;
      });
    };

    expect(run()).toEqual(run());
    // The default rng is seeded too.
    expect(new P2cPicker(targetsOf([1, 1, 1])).pick()).toBe(
      new P2cPicker(targetsOf([1, 1, 1])).pick(),
    );
  });

  it.each([101, -1, 1.5, Number.NaN])('rejects weight %s naming the target', (bad) => {
    const targets = [
      { id: 'a', weight: 1 },
      { id: 'b', weight: bad },
    ];

    expect(() => new P2cPicker(targets)).toThrow(RangeError);
    expect(() => new P2cPicker(targets)).toThrow(
      `p2c: targets[1] ("b") weight must be an integer in 0..100, got ${String(bad)}`,
    );
  });
});
