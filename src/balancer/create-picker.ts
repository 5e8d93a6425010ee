/**
 * `createPicker(algorithm, targets, options)`: the one entry point to the pickers (SPEC section 3).
 * A plain factory, not a registry: it imports every algorithm and switches on the name.
 */
import { AliasRandomPicker } from './alias-random.js';
import { IpHashPicker } from './ip-hash.js';
import { LeastConnectionsPicker } from './least-connections.js';
import { MaglevPicker } from './maglev.js';
import { P2cPicker } from './p2c.js';
import { ALGORITHMS, type Algorithm, type Picker, type PickerTarget } from './picker.js';
import { RingHashPicker } from './ring-hash.js';
import { SmoothWrrPicker } from './smooth-wrr.js';
import type { Rng } from '../random/rng.js';

/** Options for `createPicker`; each algorithm reads the ones it understands. */
export interface PickerOptions {
  /**
   * Random source for `random` and `p2c`.
   * @defaultValue a generator seeded with the algorithm's name
   */
  readonly rng?: Rng;
  /**
   * Maglev lookup-table size (a prime larger than the number of targets).
   * @defaultValue the smallest prime giving every target its weight share within 1%
   */
  readonly tableSize?: number;
  /**
   * Ring-hash virtual nodes per unit of weight (weight 10 → 160 points, as ketama).
   * @defaultValue 16
   */
  readonly pointsPerWeight?: number;
}

/**
 * Builds a picker for `algorithm` over `targets`. Throws a TypeError for an unknown algorithm and
 * a RangeError naming the target for a weight outside 0..100.
 */
export function createPicker(
  algorithm: Algorithm,
  targets: readonly PickerTarget[],
  options: PickerOptions = {},
): Picker {
  switch (algorithm) {
    case 'wrr':
      return new SmoothWrrPicker(targets);
    case 'wlc':
      return new LeastConnectionsPicker(targets);
    case 'p2c':
      return new P2cPicker(targets, options.rng === undefined ? {} : { rng: options.rng });
    case 'ip-hash':
      return new IpHashPicker(targets);
    case 'maglev':
      return new MaglevPicker(
        targets,
        options.tableSize === undefined ? {} : { tableSize: options.tableSize },
      );
    case 'ring-hash':
      return new RingHashPicker(
        targets,
        options.pointsPerWeight === undefined ? {} : { pointsPerWeight: options.pointsPerWeight },
      );
    case 'random':
      return new AliasRandomPicker(targets, options.rng === undefined ? {} : { rng: options.rng });
    default: {
      const name: unknown = algorithm;
      throw new TypeError(
        `createPicker: algorithm must be one of ${ALGORITHMS.join(', ')}, got ${JSON.stringify(name)}`,
      );
    }
  }
}
