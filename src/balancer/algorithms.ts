/**
 * The algorithm table: every algorithm lbsim can run, with its factory and the facts the rest of
 * lbsim needs about it. `createPicker`, scenario validation, the simulation, `compare`, the
 * benchmarks and the tests all read this table; no other file lists algorithm names. Adding an
 * algorithm is one entry here (plus its picker file and tests).
 */
import { AliasRandomPicker } from './alias-random.js';
import { IpHashPicker } from './ip-hash.js';
import { LeastConnectionsPicker } from './least-connections.js';
import { MaglevPicker } from './maglev.js';
import { P2cPicker } from './p2c.js';
import type { Picker, PickerTarget } from './picker.js';
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

/** What lbsim knows about one algorithm. */
export interface AlgorithmDescriptor {
  /** Builds a picker over `targets`. */
  readonly create: (targets: readonly PickerTarget[], options: PickerOptions) => Picker;
  /** What it reproduces, for the README's table and `--help`. */
  readonly follows: string;
  /** `pick` reads the client key's hash (others ignore it). */
  readonly hashesKey: boolean;
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
}

const BOTH_LAYERS = [4, 7] as const;
const ANY_PERSISTENCE = { 4: null, 7: null } as const;

/** Every algorithm by name, in the order the README lists them. */
export const ALGORITHM_TABLE = {
  wrr: {
    create: (targets) => new SmoothWrrPicker(targets),
    follows: 'nginx smooth weighted round robin',
    hashesKey: false,
    countsConnections: false,
    sticky: false,
    persistence: ANY_PERSISTENCE,
    layers: BOTH_LAYERS,
  },
  wlc: {
    create: (targets) => new LeastConnectionsPicker(targets),
    follows: 'weighted least connections (LVS wlc), ties by round robin',
    hashesKey: false,
    countsConnections: true,
    sticky: false,
    persistence: {
      4: 'session persistence works with weighted round robin, not least connections (algorithm "wlc"); drop "session" or pick another algorithm',
      7: 'session persistence works with weighted round robin, not least connections (algorithm "wlc"); drop "session" or pick another algorithm',
    },
    layers: BOTH_LAYERS,
  },
  p2c: {
    create: (targets, options) =>
      new P2cPicker(targets, options.rng === undefined ? {} : { rng: options.rng }),
    follows: 'power of two choices, weighted draws, fewer connections per weight wins',
    hashesKey: false,
    countsConnections: true,
    sticky: false,
    persistence: ANY_PERSISTENCE,
    layers: BOTH_LAYERS,
  },
  'ip-hash': {
    create: (targets) => new IpHashPicker(targets),
    follows: 'a static source-hash table laid out as IPVS sh does',
    hashesKey: true,
    countsConnections: false,
    sticky: true,
    persistence: {
      4: null,
      7: 'cookie session persistence (layer 7) cannot be combined with source-IP hash (algorithm "ip-hash")',
    },
    layers: BOTH_LAYERS,
  },
  maglev: {
    create: (targets, options) =>
      new MaglevPicker(
        targets,
        options.tableSize === undefined ? {} : { tableSize: options.tableSize },
      ),
    follows: 'Maglev (NSDI 2016) with weighted turns',
    hashesKey: true,
    countsConnections: false,
    sticky: true,
    persistence: ANY_PERSISTENCE,
    layers: BOTH_LAYERS,
  },
  'ring-hash': {
    create: (targets, options) =>
      new RingHashPicker(
        targets,
        options.pointsPerWeight === undefined ? {} : { pointsPerWeight: options.pointsPerWeight },
      ),
    follows: 'a ketama-style hash ring, 16 points per unit of weight',
    hashesKey: true,
    countsConnections: false,
    sticky: true,
    persistence: ANY_PERSISTENCE,
    layers: BOTH_LAYERS,
  },
  random: {
    create: (targets, options) =>
      new AliasRandomPicker(targets, options.rng === undefined ? {} : { rng: options.rng }),
    follows: 'weighted random (Vose alias method)',
    hashesKey: false,
    countsConnections: false,
    sticky: false,
    persistence: ANY_PERSISTENCE,
    layers: BOTH_LAYERS,
  },
} as const satisfies Record<string, AlgorithmDescriptor>;

/** The algorithms `createPicker` builds and a scenario may name. */
export type Algorithm = keyof typeof ALGORITHM_TABLE;

/** Every algorithm name, in the table's order. */
export const ALGORITHMS = Object.keys(ALGORITHM_TABLE) as readonly Algorithm[];

/** Whether `name` is an algorithm of the table. */
export function isAlgorithm(name: unknown): name is Algorithm {
  return typeof name === 'string' && Object.hasOwn(ALGORITHM_TABLE, name);
}

/** The descriptor of an algorithm of the table. */
export function describeAlgorithm(name: Algorithm): AlgorithmDescriptor {
  return ALGORITHM_TABLE[name];
}
