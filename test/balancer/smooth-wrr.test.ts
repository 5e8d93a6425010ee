import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PickerTarget } from '../../src/balancer/picker.js';
import { BLOCK_SIZE, SmoothWrrPicker } from '../../src/balancer/smooth-wrr.js';
import { SmoothWrrReference } from './reference/smooth-wrr-reference.js';

const targetsOf = (weights: readonly number[]): PickerTarget[] =>
  weights.map((weight, i) => ({ id: `t${i}`, weight }));

const picks = (picker: SmoothWrrPicker, count: number): number[] =>
  Array.from({ length: count }, () => picker.pick());

const gcdOf = (weights: readonly number[]): number => {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  return weights.reduce(gcd, 0);
};

/** Weight vectors with zeros, small weights (many ties) and large ones. */
const weightVectors = fc.array(
  fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 100 })),
  { minLength: 1, maxLength: 24 },
);

describe('SmoothWrrPicker', () => {
  it("reproduces nginx's sequence for weights 5, 1, 1", () => {
    const picker = new SmoothWrrPicker(targetsOf([5, 1, 1]));

    const letters = picks(picker, 14).map((i) => 'abc'[i]);

    expect(letters.join(' ')).toBe('a a b a c a a a a b a c a a');
  });

  it("reproduces nginx's sequence for weights 10, 20, 30, 40", () => {
    const picker = new SmoothWrrPicker(targetsOf([10, 20, 30, 40]));

    const letters = picks(picker, 20).map((i) => 'abcd'[i]);

    expect(picker.period).toBe(10);
    expect(letters.join(' ')).toBe('d c b d a c d b c d d c b d a c d b c d');
  });

  it('gives the same sequence as the textbook nginx loop, for all weight vectors', () => {
    fc.assert(
      fc.property(weightVectors, (weights) => {
        const picker = new SmoothWrrPicker(targetsOf(weights));
        const reference = new SmoothWrrReference(weights);
        const count = 2 * Math.max(picker.period, 1) + 3;

        const expected = Array.from({ length: count }, () => reference.next());

        expect(picks(picker, count)).toEqual(expected);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('matches nginx across schedule blocks and in rolling-block mode', () => {
    // 100 targets of weights 1..100: period 5050, longer than one block.
    const weights = Array.from({ length: 100 }, (_, i) => ((i * 37) % 100) + 1);
    const whole = new SmoothWrrPicker(targetsOf(weights));
    const rolling = new SmoothWrrPicker(targetsOf(weights), { maxSchedule: 1 });
    const reference = new SmoothWrrReference(weights);
    expect(whole.period).toBeGreaterThan(BLOCK_SIZE);

    const count = 2 * whole.period + BLOCK_SIZE + 5;
    const expected = Array.from({ length: count }, () => reference.next());

    expect(picks(whole, count)).toEqual(expected);
    expect(picks(rolling, count)).toEqual(expected);
  });

  it('picks every target exactly weight / gcd times per period', () => {
    fc.assert(
      fc.property(weightVectors, (weights) => {
        const picker = new SmoothWrrPicker(targetsOf(weights));
        const g = gcdOf(weights);
        fc.pre(g > 0);
        const counts = weights.map(() => 0);

        for (let k = 0; k < picker.period; k++) counts[picker.pick()]!++;

        expect(picker.period).toBe(weights.reduce((a, b) => a + b, 0) / g);
        expect(counts).toEqual(weights.map((w) => w / g));
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('never picks a weight-0 target and returns -1 when every weight is 0', () => {
    const picker = new SmoothWrrPicker(targetsOf([0, 3, 0, 1]));
    expect(new Set(picks(picker, 40))).toEqual(new Set([1, 3]));

    expect(picks(new SmoothWrrPicker(targetsOf([0, 0])), 3)).toEqual([-1, -1, -1]);
    expect(new SmoothWrrPicker([]).pick()).toBe(-1);
  });

  it('keeps its position when update brings the same weights, restarts when they change', () => {
    const picker = new SmoothWrrPicker(targetsOf([5, 1, 1]));
    picks(picker, 2);

    picker.update(targetsOf([5, 1, 1]));
    expect(picker.pick()).toBe(1); // third of a a b a c a a

    picker.update(targetsOf([1, 5, 1]));
    expect(picks(picker, 7)).toEqual([1, 1, 0, 1, 2, 1, 1]);
  });

  it.each([101, -1, 1.5, Number.NaN])('rejects weight %s naming the target', (bad) => {
    const targets = [
      { id: 'a', weight: 1 },
      { id: 'b', weight: bad },
    ];

    expect(() => new SmoothWrrPicker(targets)).toThrow(RangeError);
    expect(() => new SmoothWrrPicker(targets)).toThrow(`wrr: targets[1] ("b")`);
    expect(() => new SmoothWrrPicker(targets)).toThrow(`got ${String(bad)}`);
    expect(() => {
      new SmoothWrrPicker(targetsOf([1])).update(targets);
    }).toThrow(RangeError);
  });

  it('rejects a maxSchedule that is not a positive integer', () => {
    expect(() => new SmoothWrrPicker(targetsOf([1]), { maxSchedule: 0 })).toThrow(
      'wrr: maxSchedule must be a positive integer, got 0',
    );
  });

  it('is deterministic: two pickers over the same targets give the same picks', () => {
    const weights = [7, 0, 3, 9, 9, 1];

    expect(picks(new SmoothWrrPicker(targetsOf(weights)), 100)).toEqual(
      picks(new SmoothWrrPicker(targetsOf(weights)), 100),
    );
  });
});
