import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LeastConnectionsPicker } from '../../src/balancer/least-connections.js';
import type { PickerTarget } from '../../src/balancer/picker.js';
import { LeastConnectionsReference } from './reference/least-connections-reference.js';

const targetsOf = (weights: readonly number[]): PickerTarget[] =>
  weights.map((weight, i) => ({ id: `t${i}`, weight }));

type Op =
  | { kind: 'pick' }
  | { kind: 'pickOpen' }
  | { kind: 'open'; target: number }
  | { kind: 'close'; target: number }
  | { kind: 'reweight'; target: number; weight: number };

const ops = fc.array(
  fc.oneof(
    fc.constant<Op>({ kind: 'pick' }),
    fc.constant<Op>({ kind: 'pickOpen' }),
    fc.record({ kind: fc.constant('open' as const), target: fc.nat(40) }),
    fc.record({ kind: fc.constant('close' as const), target: fc.nat(40) }),
    fc.record({
      kind: fc.constant('reweight' as const),
      target: fc.nat(40),
      weight: fc.integer({ min: 0, max: 4 }),
    }),
  ),
  { maxLength: 300 },
);

const weightVectors = fc.array(
  fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 100 })),
  { minLength: 1, maxLength: 40 },
);

/** Runs the same operations on the picker and the reference; returns both pick sequences. */
function replay(
  weights: readonly number[],
  sequence: readonly Op[],
  tieBreak: 'round-robin' | 'first',
): { actual: number[]; expected: number[] } {
  const picker = new LeastConnectionsPicker(targetsOf(weights), { tieBreak });
  const reference = new LeastConnectionsReference(weights, tieBreak === 'round-robin');
  const actual: number[] = [];
  const expected: number[] = [];
  for (const op of sequence) {
    if (op.kind === 'reweight') {
      // Same ids, one weight changed: counts and the cursor stay with their targets.
      reference.weights[op.target % weights.length] = op.weight;
      picker.update(targetsOf(reference.weights));
      continue;
    }
    if (op.kind === 'open' || op.kind === 'close') {
      const target = op.target % weights.length;
      if (op.kind === 'open') {
        picker.connectionOpened(target);
        reference.open(target);
      } else {
        picker.connectionClosed(target);
        reference.close(target);
      }
      continue;
    }
    const a = picker.pick();
    const b = reference.pick();
    actual.push(a);
    expected.push(b);
    if (op.kind === 'pickOpen' && a >= 0) {
      picker.connectionOpened(a);
      reference.open(b);
    }
  }
  return { actual, expected };
}

describe('LeastConnectionsPicker', () => {
  it('picks the same target as the O(n) scan, tie-break included, for all op sequences and reweights', () => {
    fc.assert(
      fc.property(weightVectors, ops, (weights, sequence) => {
        const { actual, expected } = replay(weights, sequence, 'round-robin');

        expect(actual).toEqual(expected);
      }),
      { seed: 42, numRuns: 400 },
    );
  });

  it("with tieBreak 'first' picks the lowest minimal index, as the scan does", () => {
    fc.assert(
      fc.property(weightVectors, ops, (weights, sequence) => {
        const { actual, expected } = replay(weights, sequence, 'first');

        expect(actual).toEqual(expected);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('breaks ties by round robin: with no connections counted it cycles over weight > 0', () => {
    const picker = new LeastConnectionsPicker(targetsOf([1, 0, 5, 2]));

    const picks = Array.from({ length: 6 }, () => picker.pick());

    expect(picks).toEqual([0, 2, 3, 0, 2, 3]);
  });

  it('after k·sum(weights) picks that each open a connection, target i holds exactly k·w_i', () => {
    fc.assert(
      fc.property(weightVectors, fc.integer({ min: 1, max: 3 }), (weights, k) => {
        const picker = new LeastConnectionsPicker(targetsOf(weights));
        const total = weights.reduce((a, b) => a + b, 0);

        for (let n = 0; n < k * total; n++) picker.connectionOpened(picker.pick());

        expect(weights.map((_, i) => picker.active(i))).toEqual(weights.map((w) => k * w));
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('prefers the target with the lowest active/weight', () => {
    const picker = new LeastConnectionsPicker(targetsOf([10, 20]));
    for (let n = 0; n < 4; n++) picker.connectionOpened(0); // 4/10
    for (let n = 0; n < 7; n++) picker.connectionOpened(1); // 7/20 < 4/10

    expect(picker.pick()).toBe(1);
  });

  it('keeps connection counts by id across update, and a draining target keeps its count', () => {
    const picker = new LeastConnectionsPicker([
      { id: 'a', weight: 1 },
      { id: 'b', weight: 1 },
    ]);
    picker.connectionOpened(0);
    picker.connectionOpened(0);
    picker.connectionOpened(1);

    picker.update([
      { id: 'c', weight: 1 },
      { id: 'b', weight: 1 },
      { id: 'a', weight: 0 },
    ]);

    expect([picker.active(0), picker.active(1), picker.active(2)]).toEqual([0, 1, 2]);
    expect(picker.pick()).toBe(0);
    picker.connectionClosed(2);
    expect(picker.active(2)).toBe(1);
  });

  it('ignores closes below zero and out-of-range indices', () => {
    const picker = new LeastConnectionsPicker(targetsOf([1, 1]));

    picker.connectionClosed(0);
    picker.connectionOpened(5);
    picker.connectionOpened(-1);
    picker.connectionOpened(0.5);

    expect([picker.active(0), picker.active(1)]).toEqual([0, 0]);
  });

  it('never picks a weight-0 target and returns -1 when every weight is 0', () => {
    const picker = new LeastConnectionsPicker(targetsOf([0, 2, 0]));
    for (let n = 0; n < 10; n++) {
      const i = picker.pick();
      expect(i).toBe(1);
      picker.connectionOpened(i);
    }

    expect(new LeastConnectionsPicker(targetsOf([0, 0])).pick()).toBe(-1);
    expect(new LeastConnectionsPicker([]).pick()).toBe(-1);
  });

  it.each([101, -1, 1.5, Number.NaN])('rejects weight %s naming the target', (bad) => {
    const targets = [
      { id: 'a', weight: 1 },
      { id: 'b', weight: bad },
    ];

    expect(() => new LeastConnectionsPicker(targets)).toThrow(RangeError);
    expect(() => new LeastConnectionsPicker(targets)).toThrow(
      `wlc: targets[1] ("b") weight must be an integer in 0..100, got ${String(bad)}`,
    );
  });

  it('rejects an unknown tieBreak', () => {
    expect(
      () => new LeastConnectionsPicker([], { tieBreak: 'random' as unknown as 'first' }),
    ).toThrow(`wlc: tieBreak must be 'round-robin' or 'first', got "random"`);
  });

  it('is deterministic: the same inputs give the same picks', () => {
    const run = (): number[] =>
      replay(
        [3, 1, 4, 1, 5],
        [...Array(50).keys()].map(() => ({ kind: 'pickOpen' })),
        'round-robin',
      ).actual;

    expect(run()).toEqual(run());
  });
});
