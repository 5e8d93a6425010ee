import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPicker } from '../../src/balancer/create-picker.js';
import { mix32 } from '../../src/hash/mix32.js';
import { disruption } from '../../src/testing/disruption.js';

/** The minimum by its definition: Σ_t max(0, before_t − after_t) over per-target counts. */
function referenceMinimum(before: readonly number[], after: readonly number[]): number {
  const count = (list: readonly number[]) => {
    const m = new Map<number, number>();
    for (const t of list) m.set(t, (m.get(t) ?? 0) + 1);
    return m;
  };
  const b = count(before);
  const a = count(after);
  let sum = 0;
  for (const [t, n] of b) sum += Math.max(0, n - (a.get(t) ?? 0));
  return sum;
}

describe('disruption', () => {
  it('counts a removed target’s keys as the minimum and any other move as excess', () => {
    // Keys 0..5 on a, b, c; c is removed: its two keys must move, key 0 moved without need.
    const before = ['a', 'a', 'b', 'b', 'c', 'c'];
    const after = ['b', 'a', 'b', 'b', 'a', 'a'];
    expect(disruption(before, after)).toEqual({ keys: 6, moved: 3, minimum: 2, excess: 1 });
  });

  it('counts the share difference after a weight change', () => {
    // a goes from 3 keys to 1: two must move; b gains them.
    expect(disruption(['a', 'a', 'a', 'b'], ['a', 'b', 'b', 'b'])).toEqual({
      keys: 4,
      moved: 2,
      minimum: 2,
      excess: 0,
    });
  });

  it('matches the definition, and moved >= minimum, for all assignments (arrays and maps alike)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(5), fc.nat(5)), { maxLength: 200 }), (pairs) => {
        const before = pairs.map(([b]) => b);
        const after = pairs.map(([, a]) => a);
        const result = disruption(before, after);
        expect(result.minimum).toBe(referenceMinimum(before, after));
        expect(result.moved).toBe(pairs.filter(([b, a]) => b !== a).length);
        expect(result.excess).toBe(result.moved - result.minimum);
        expect(result.excess).toBeGreaterThanOrEqual(0);
        const asMap = (list: number[]) => new Map(list.map((t, key) => [`k${key}`, t]));
        expect(disruption(asMap(before), asMap(after))).toEqual(result);
      }),
    );
  });

  it('shows Maglev moving little more than the removed target’s keys', () => {
    const targets = Array.from({ length: 10 }, (_, i) => ({ id: `10.0.0.${i}:80`, weight: 10 }));
    const picker = createPicker('maglev', targets);
    const keys = Array.from({ length: 20_000 }, (_, k) => mix32(k));
    const before = keys.map((k) => targets[picker.pick(k)]!.id);
    const remaining = targets.slice(1);
    picker.update(remaining);
    const after = keys.map((k) => remaining[picker.pick(k)]!.id);
    const result = disruption(before, after);
    expect(result.minimum).toBe(before.filter((id) => id === targets[0]!.id).length);
    expect(result.excess / result.keys).toBeLessThan(0.02);
  });

  it('refuses assignments of different keys', () => {
    expect(() => disruption([1, 2], [1])).toThrow(
      'disruption: before and after must hold the same keys, got 2 and 1 entries',
    );
    expect(() => disruption(new Map([['x', 1]]), new Map([['y', 1]]))).toThrow(
      'disruption: key x is in before but not in after',
    );
    expect(() => disruption([1], new Map([[0, 1]]))).toThrow(TypeError);
  });
});
