/**
 * Weighted random by a cumulative-weights linear scan: the textbook O(n) sampler the alias table
 * must agree with in distribution.
 */
import type { PickerTarget } from '../../../src/balancer/picker.js';

/** The target index for a uniform `u` in [0, 1): the first whose running weight exceeds u · W. */
export function referenceCumulativePick(targets: readonly PickerTarget[], u: number): number {
  const total = targets.reduce((a, t) => a + t.weight, 0);
  if (total === 0) return -1;
  let acc = 0;
  for (let i = 0; i < targets.length; i++) {
    acc += targets[i]!.weight;
    if (u * total < acc) return i;
  }
  return targets.length - 1;
}
