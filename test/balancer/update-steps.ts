/**
 * Random changes to a target list, for the consistent-hashing update tests: weight changes,
 * removals, additions and reorderings (fast-check arbitraries), and the list after each step.
 */
import fc from 'fast-check';
import type { PickerTarget } from '../../src/balancer/picker.js';

/** One change to a target list. */
export type Step =
  | { op: 'weight'; at: number; weight: number }
  | { op: 'remove'; at: number }
  | { op: 'add'; id: string; weight: number }
  | { op: 'reverse' };

export const ids = fc.string({ minLength: 1, maxLength: 4 });
export const weights = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constantFrom(0, 1, 100));

/** Target lists of up to `maxLength` distinct ids. */
export const targetLists = (maxLength: number): fc.Arbitrary<PickerTarget[]> =>
  fc
    .uniqueArray(fc.record({ id: ids, weight: weights }), {
      minLength: 0,
      maxLength,
      selector: (t) => t.id,
    })
    .map((ts): PickerTarget[] => ts);

/** 1 to `maxLength` steps, weight changes most often. */
export const stepLists = (maxLength: number): fc.Arbitrary<Step[]> =>
  fc.array(
    fc.oneof(
      {
        weight: 6,
        arbitrary: fc.record({ op: fc.constant('weight'), at: fc.nat(), weight: weights }),
      },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('remove'), at: fc.nat() }) },
      { weight: 2, arbitrary: fc.record({ op: fc.constant('add'), id: ids, weight: weights }) },
      { weight: 1, arbitrary: fc.record({ op: fc.constant('reverse') }) },
    ),
    { minLength: 1, maxLength },
  );

/** The list after one step (a copy; an `add` of an id already present changes nothing). */
export function apply(list: readonly PickerTarget[], step: Step): PickerTarget[] {
  const next = [...list];
  switch (step.op) {
    case 'weight':
      if (next.length > 0) {
        const i = step.at % next.length;
        next[i] = { id: next[i]!.id, weight: step.weight };
      }
      return next;
    case 'remove':
      if (next.length > 0) next.splice(step.at % next.length, 1);
      return next;
    case 'add':
      if (!next.some((t) => t.id === step.id)) next.push({ id: step.id, weight: step.weight });
      return next;
    case 'reverse':
      return next.reverse();
  }
}
