import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AliasRandomPicker } from '../../src/balancer/alias-random.js';
import { NO_TARGET, type PickerTarget } from '../../src/balancer/picker.js';
import { createRng, type Rng } from '../../src/random/rng.js';
import { referenceCumulativePick } from './reference-consistent/cumulative-reference.js';

const weightLists = (maxLength: number) =>
  fc
    .array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength })
    .map((ws): PickerTarget[] => ws.map((weight, i) => ({ id: `t${i}`, weight })));

/** An Rng that walks a fixed list of draws. */
class ScriptedRng implements Rng {
  #i = 0;
  constructor(readonly draws: readonly number[]) {}
  next(): number {
    return this.draws[this.#i++ % this.draws.length]!;
  }
  nextUint32(): number {
    return (this.next() * 2 ** 32) >>> 0;
  }
}

describe('AliasRandomPicker', () => {
  it('implies exactly the weight distribution, zero weights included, for all weight lists', () => {
    fc.assert(
      fc.property(weightLists(50), (targets) => {
        const total = targets.reduce((a, t) => a + t.weight, 0);
        const picker = new AliasRandomPicker(targets);
        targets.forEach((t, i) => {
          if (total === 0) expect(picker.probability(i)).toBe(0);
          else if (t.weight === 0) expect(picker.probability(i)).toBe(0);
          else expect(picker.probability(i)).toBeCloseTo(t.weight / total, 12);
        });
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('covers the same mass per target as the cumulative scan over a grid of draws', () => {
    fc.assert(
      fc.property(
        weightLists(20).filter((ts) => ts.some((t) => t.weight > 0)),
        (targets) => {
          // Per column, the alias split point falls between two grid draws, so each target's count
          // is within one draw per column of the cumulative scan's.
          const grid = 200 * targets.length;
          const draws = Array.from({ length: grid }, (_, k) => (k + 0.5) / grid);
          const picker = new AliasRandomPicker(targets, { rng: new ScriptedRng(draws) });
          const alias = new Array<number>(targets.length).fill(0);
          const scan = new Array<number>(targets.length).fill(0);
          for (const u of draws) {
            alias[picker.pick(0)]!++;
            scan[referenceCumulativePick(targets, u)]!++;
          }
          targets.forEach((t, i) => {
            if (t.weight === 0) expect(alias[i]).toBe(0);
            expect(Math.abs(alias[i]! - scan[i]!)).toBeLessThanOrEqual(targets.length + 1);
          });
        },
      ),
      { seed: 42, numRuns: 100 },
    );
  });

  it('samples shares within 4 sigma of the weight shares, never a weight-0 target', () => {
    const targets: PickerTarget[] = [
      { id: 'a', weight: 1 },
      { id: 'b', weight: 0 },
      { id: 'c', weight: 37 },
      { id: 'd', weight: 100 },
      { id: 'e', weight: 12 },
    ];
    const total = 150;
    const picker = new AliasRandomPicker(targets, { rng: createRng('alias-random-test') });
    const n = 200_000;
    const counts = new Array<number>(targets.length).fill(0);
    for (let i = 0; i < n; i++) counts[picker.pick(i)]!++;
    expect(counts[1]).toBe(0);
    targets.forEach((t, i) => {
      const p = t.weight / total;
      expect(Math.abs(counts[i]! / n - p)).toBeLessThanOrEqual(4 * Math.sqrt((p * (1 - p)) / n));
    });
  });

  it('gives the same picks for the same seed, from one draw a pick', () => {
    const targets = Array.from({ length: 30 }, (_, i) => ({ id: `t${i}`, weight: (i * 7) % 101 }));
    const run = (picker: AliasRandomPicker) => Array.from({ length: 1000 }, () => picker.pick(0));
    expect(run(new AliasRandomPicker(targets))).toEqual(run(new AliasRandomPicker(targets)));
    expect(run(new AliasRandomPicker(targets, { rng: createRng('s') }))).toEqual(
      run(new AliasRandomPicker(targets, { rng: createRng('s') })),
    );
    // One draw per pick: the picker leaves the stream where 1000 draws would.
    const rng = createRng('one-draw');
    run(new AliasRandomPicker(targets, { rng }));
    const fresh = createRng('one-draw');
    for (let i = 0; i < 1000; i++) fresh.next();
    expect(rng.next()).toBe(fresh.next());
  });

  it('answers -1 when no target has weight > 0, and follows updates', () => {
    const picker = new AliasRandomPicker([{ id: 'a', weight: 0 }]);
    expect(picker.pick(0)).toBe(NO_TARGET);
    expect(new AliasRandomPicker([]).pick(0)).toBe(NO_TARGET);
    picker.update([
      { id: 'a', weight: 0 },
      { id: 'b', weight: 5 },
    ]);
    expect(picker.size).toBe(2);
    for (let i = 0; i < 100; i++) expect(picker.pick(0)).toBe(1);
    picker.update([{ id: 'b', weight: 0 }]);
    expect(picker.pick(0)).toBe(NO_TARGET);
  });

  it('rejects bad weights and duplicate ids, naming the target and value', () => {
    for (const [weight, shown] of [
      [101, '101'],
      [-1, '-1'],
      [1.5, '1.5'],
      [NaN, 'NaN'],
    ] as const) {
      expect(
        () =>
          new AliasRandomPicker([
            { id: 'a', weight: 1 },
            { id: 'b', weight },
          ]),
      ).toThrow(
        new RangeError(
          `random: targets[1] ("b") weight must be an integer in 0..100, got ${shown}`,
        ),
      );
    }
    expect(
      () =>
        new AliasRandomPicker([
          { id: 'a', weight: 1 },
          { id: 'a', weight: 1 },
        ]),
    ).toThrow(/random: targets\[1\] repeats id "a"/);
  });
});
