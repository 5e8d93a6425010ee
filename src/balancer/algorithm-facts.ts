/**
 * What the algorithm table says of each algorithm, and what a picker is built with: the types of
 * `algorithms.ts`'s entries, the settings a scenario may tune, and the unit costs of a build that
 * the work estimate charges.
 */
import type { Picker, PickerTarget } from './picker.js';
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
  /**
   * Balance factor c of consistent hashing with bounded loads (`bounded-load.ts`), for the
   * algorithms whose `settings` list it: no target takes a connection that would put it
   * above `ceil(c × average in-flight)`. The picker then counts connections.
   * @defaultValue undefined (unbounded)
   */
  readonly boundedLoad?: number | undefined;
  /**
   * Least request: exponent of `(active + 1)` dividing a weight when weights differ (0..10).
   * @defaultValue 1
   */
  readonly activeRequestBias?: number;
  /**
   * Least request: targets drawn per pick when all weights are equal (2..10).
   * @defaultValue 2
   */
  readonly choiceCount?: number;
}

/** What lbsim knows about one algorithm. */
export interface AlgorithmDescriptor {
  /** Builds a picker over `targets`. */
  readonly create: (targets: readonly PickerTarget[], options: PickerOptions) => Picker;
  /** What it reproduces, for the README's table and `--help`. */
  readonly follows: string;
  /** `pick` reads its key (others ignore it, and the simulation gives them 0). */
  readonly hashesKey: boolean;
  /**
   * What the simulation passes to `pick`: `hash`, the 32-bit hash of the client's address
   * (lbsim's own algorithms); `address`, the client's IPv4 address itself, which a dialect hashes
   * exactly as the real balancer hashes `$remote_addr` or `balance source`.
   */
  readonly key: 'hash' | 'address';
  /** Counts open connections (`connectionOpened` / `connectionClosed` change its picks). */
  readonly countsConnections: boolean;
  /** Keeps a client on one target while the targets do not change (so remaps are worth counting). */
  readonly sticky: boolean;
  /**
   * Whether session persistence may be combined with it, per layer: `null` when it may, else the
   * problem reported at the listener's or rule's `session`.
   */
  readonly persistence: { readonly 4: string | null; readonly 7: string | null };
  /** The listener layers it may serve. */
  readonly layers: readonly (4 | 7)[];
  /**
   * What one build of the picker over `targets` (at least 1) targets of weight at most
   * `MAX_WEIGHT` costs at worst: `time` in request-equivalents (one simulated request, about
   * 0.1 µs) and `bytes` of tables. The pre-run work estimate charges it per rebuild.
   */
  readonly buildCost: (targets: number) => BuildCost;
  /**
   * The listener and rule fields that tune it (passed to `create` as picker options); a scenario
   * giving one of them to another algorithm is refused.
   * @defaultValue none
   */
  readonly settings?: readonly AlgorithmSetting[];
}

/** A scenario field of a listener or rule that tunes its algorithm (beyond `algorithm`). */
export type AlgorithmSetting = 'activeRequestBias' | 'choiceCount' | 'boundedLoad';

/** Every algorithm setting. */
export const ALGORITHM_SETTINGS: readonly AlgorithmSetting[] = [
  'activeRequestBias',
  'choiceCount',
  'boundedLoad',
];

/** Time (request-equivalents) and bytes of one picker build. */
export interface BuildCost {
  readonly time: number;
  readonly bytes: number;
}

/**
 * Unit costs of picker builds, measured on Node 20 (2 cores), in request-equivalents (one
 * simulated request, about 0.1 µs).
 */
export const BUILD_COST = Object.freeze({
  /** Per target, for the pickers that build in O(n). */
  target: 1,
  /** Bytes per target of an O(n) picker (weights, counters). */
  targetBytes: 64,
  /** Per Maglev table cell, per build (about 60 ns a cell). */
  maglevCell: 1,
  /** Per ring point, per build (O(P log P): about 140 ns a point at 800k points). */
  ringPoint: 2,
  /**
   * Per point of nginx's consistent-hash ring, per build: a CRC-32 per point and a sort with a
   * comparator (measured 0.7 to 1.3 µs a point at 160 points per unit of weight).
   */
  crcRingPoint: 10,
  /** A smooth-WRR rebuild computes its first schedule block lazily: 4096 entries. */
  wrrBlock: 4096,
  /** Per server visited while HAProxy's map-based hash deals one map cell (measured 10–13 ns). */
  mapDealStep: 0.15,
});
