/**
 * Consistent hashing with bounded loads, against a reference that walks the pickers' own tables
 * (Maglev's slots, the ring's sorted points) with a plain loop and keeps counts in a Map.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPicker } from '../../src/balancer/create-picker.js';
import { BoundedLoadPicker } from '../../src/balancer/bounded-load.js';
import { MaglevPicker } from '../../src/balancer/maglev.js';
import type { PickerTarget } from '../../src/balancer/picker.js';
import { RingHashPicker } from '../../src/balancer/ring-hash.js';
import { equalTargets, keys } from './reference-consistent/keys.js';

type Kind = 'maglev' | 'ring-hash';

/** The unbounded picker and the positions a bounded walk visits, in order, for a key. */
function plain(kind: Kind, targets: readonly PickerTarget[]) {
  if (kind === 'maglev') {
    const p = new MaglevPicker(targets, { tableSize: 1009 });
    const slots = p.slots();
    return {
      pick: (h: number) => p.pick(h),
      walk: (h: number) => {
        const s = p.slotOf(h);
        return Array.from({ length: slots.length }, (_, i) => slots[(s + i) % slots.length]!);
      },
    };
  }
  const p = new RingHashPicker(targets, { pointsPerWeight: 2 });
  const points = p.points();
  const owners = p.owners();
  return {
    pick: (h: number) => p.pick(h),
    walk: (h: number) => {
      let s = points.findIndex((pt) => pt >= h >>> 0);
      if (s < 0) s = 0;
      return Array.from({ length: owners.length }, (_, i) => owners[(s + i) % owners.length]!);
    },
  };
}

/** The reference choice: the usual target, else the first on the walk under the bound. */
function referencePick(
  kind: Kind,
  targets: readonly PickerTarget[],
  inFlight: ReadonlyMap<string, number>,
  c: number,
  hash: number,
): { choice: number; cap: number; everyoneHasAPosition: boolean } {
  const ref = plain(kind, targets);
  const eligible = targets.filter((t) => t.weight > 0);
  const load = eligible.reduce((s, t) => s + (inFlight.get(t.id) ?? 0), 0);
  const cap = Math.ceil((c * (load + 1)) / eligible.length);
  const usual = ref.pick(hash);
  const walk = ref.walk(hash);
  const everyoneHasAPosition = targets.every((t, i) => t.weight === 0 || walk.includes(i));
  if (usual < 0) return { choice: usual, cap, everyoneHasAPosition };
  const fits = (i: number) => (inFlight.get(targets[i]!.id) ?? 0) + 1 <= cap;
  const choice = fits(usual) ? usual : (walk.find((i) => i >= 0 && fits(i)) ?? usual);
  return { choice, cap, everyoneHasAPosition };
}

const ops = fc.array(
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({ op: fc.constant('open'), hash: fc.nat({ max: 0xffffffff }) }),
    },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('close'), at: fc.nat() }) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('weight'),
        at: fc.nat(),
        weight: fc.integer({ min: 0, max: 20 }),
      }),
    },
  ),
  { minLength: 1, maxLength: 80 },
);

describe('BoundedLoadPicker', () => {
  it('never lets a target above ceil(c × (L + 1) / n), and picks as the reference walk does', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Kind>('maglev', 'ring-hash'),
        fc.uniqueArray(
          fc.record({
            id: fc.string({ minLength: 1, maxLength: 3 }),
            weight: fc.integer({ min: 1, max: 20 }),
          }),
          { minLength: 1, maxLength: 8, selector: (t) => t.id },
        ),
        fc.constantFrom(1, 1.1, 1.25, 1.5, 2, 3),
        ops,
        (kind, start, c, sequence) => {
          let targets: PickerTarget[] = start;
          const picker = createPicker(kind, targets, {
            boundedLoad: c,
            ...(kind === 'maglev' ? { tableSize: 1009 } : { pointsPerWeight: 2 }),
          });
          if (!(picker instanceof BoundedLoadPicker)) throw new Error('not bounded');
          const inFlight = new Map<string, number>();
          const open: string[] = [];
          for (const step of sequence) {
            if (step.op === 'open') {
              const expected = referencePick(kind, targets, inFlight, c, step.hash);
              const chosen = picker.pick(step.hash);
              expect(chosen).toBe(expected.choice);
              if (chosen < 0) continue;
              const id = targets[chosen]!.id;
              if (expected.everyoneHasAPosition)
                expect((inFlight.get(id) ?? 0) + 1).toBeLessThanOrEqual(expected.cap);
              picker.connectionOpened(chosen);
              inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
              open.push(id);
            } else if (step.op === 'close' && open.length > 0) {
              const [id] = open.splice(step.at % open.length, 1);
              picker.connectionClosed(targets.findIndex((t) => t.id === id));
              inFlight.set(id!, inFlight.get(id!)! - 1);
            } else if (step.op === 'weight') {
              const i = step.at % targets.length;
              targets = targets.map((t, j) => (j === i ? { id: t.id, weight: step.weight } : t));
              picker.update(targets);
            }
            targets.forEach((t, i) => {
              expect(picker.inFlight(i)).toBe(inFlight.get(t.id) ?? 0);
            });
          }
        },
      ),
      { seed: 11, numRuns: 150 },
    );
  });

  it('is the plain picker when boundedLoad is absent, and rejects a factor below 1', () => {
    expect(createPicker('maglev', equalTargets(3))).toBeInstanceOf(MaglevPicker);
    expect(createPicker('ring-hash', equalTargets(3))).toBeInstanceOf(RingHashPicker);
    expect(createPicker('ring-hash', equalTargets(3), { boundedLoad: 1.25 })).toBeInstanceOf(
      BoundedLoadPicker,
    );
    expect(() => createPicker('maglev', equalTargets(3), { boundedLoad: 0.9 })).toThrow(
      'maglev: boundedLoad must be a number >= 1, got 0.9',
    );
  });

  it('picks the usual target while it is under the bound', () => {
    const bounded = createPicker('ring-hash', equalTargets(10), { boundedLoad: 1.25 });
    const unbounded = createPicker('ring-hash', equalTargets(10));
    for (const k of keys(1000)) expect(bounded.pick(k)).toBe(unbounded.pick(k));
  });

  /**
   * Keys moved when one of 20 equal targets goes: 20,000 keys each open one connection in turn
   * (none closes), before and after the removal; the share of the keys the removed target did
   * not hold whose target changed, bounded and unbounded. Measured (this test's data): ring-hash
   * 0.17% at c = 1.25 and 0.005% at c = 2 (unbounded 0); Maglev 0.59% and 0.32% (unbounded 0.31%).
   */
  it.each([
    ['ring-hash', 1.25],
    ['maglev', 1.25],
    ['ring-hash', 2],
    ['maglev', 2],
  ] as const)('%s, c = %s: keys moved on a removal stay near the unbounded share', (kind, c) => {
    const before = equalTargets(20);
    const after = before.map((t) => (t.id === 't7' ? { id: t.id, weight: 0 } : t));
    const assign = (targets: readonly PickerTarget[], boundedLoad?: number) => {
      const p = createPicker(kind, targets, boundedLoad === undefined ? {} : { boundedLoad });
      return Array.from(keys(20_000), (k) => {
        const t = p.pick(k);
        p.connectionOpened(t);
        return t;
      });
    };
    const movedShare = (boundedLoad?: number): number => {
      const a = assign(before, boundedLoad);
      const b = assign(after, boundedLoad);
      let moved = 0;
      let considered = 0;
      a.forEach((t, i) => {
        if (before[t]!.id === 't7') return;
        considered++;
        if (b[i] !== t) moved++;
      });
      return moved / considered;
    };
    const unbounded = movedShare();
    const bounded = movedShare(c);
    expect(unbounded).toBeLessThan(0.05);
    expect(bounded).toBeLessThan(unbounded + 0.01);
  });
});
