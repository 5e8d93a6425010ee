/**
 * `createPicker(algorithm, targets, options)`: the one entry point to the pickers (SPEC section 3).
 * A plain factory over the algorithm table, not a registry.
 */
import { ALGORITHMS, isAlgorithm, describeAlgorithm, type PickerOptions } from './algorithms.js';
import type { Algorithm } from './algorithms.js';
import type { Picker, PickerTarget } from './picker.js';

export type { PickerOptions } from './algorithms.js';

/**
 * Builds a picker for `algorithm` over `targets`. Throws a TypeError for an unknown algorithm and
 * a RangeError naming the target for a weight outside 0..100.
 */
export function createPicker(
  algorithm: Algorithm,
  targets: readonly PickerTarget[],
  options: PickerOptions = {},
): Picker {
  const name: unknown = algorithm;
  if (!isAlgorithm(name)) {
    throw new TypeError(
      `createPicker: algorithm must be one of ${ALGORITHMS.join(', ')}, got ${JSON.stringify(name)}`,
    );
  }
  return describeAlgorithm(name).create(targets, options);
}
