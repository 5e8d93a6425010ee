/**
 * Users' own pickers beside the algorithm table. `algorithmLookup(pickers)` layers a call's
 * `pickers` option over `ALGORITHM_TABLE`: validation, the simulation and `compareAlgorithm` ask
 * it for an algorithm's descriptor, once per pool. A plain value per call, not a registry.
 */
import {
  ALGORITHM_TABLE,
  ALGORITHMS,
  isAlgorithm,
  type AlgorithmDescriptor,
  type PickerOptions,
} from './algorithms.js';
import type { Picker, PickerTarget } from './picker.js';
import { LbsimTypeError } from '../errors.js';
import { BUILD_COST } from './algorithms.js';
import { completingFactory } from './partial-picker.js';

/** Builds a user's picker over `targets`, as the table's factories do. */
export type UserPickerFactory = (
  targets: readonly PickerTarget[],
  options: PickerOptions,
) => Picker;

/**
 * A user's algorithm with the facts lbsim needs about it. Facts left out are inferred as for a
 * bare factory (see `UserPickers`).
 */
export interface UserAlgorithm {
  /** Builds a picker over `targets`. */
  readonly create: UserPickerFactory;
  /**
   * `pick` reads its key (the 32-bit hash of the client's address); when false, `pick` is given 0.
   * @defaultValue true
   */
  readonly hashesKey?: boolean;
  /**
   * Its picks depend on open connections: the pool tells it `connectionOpened` and
   * `connectionClosed`.
   * @defaultValue true
   */
  readonly countsConnections?: boolean;
  /**
   * Keeps a client on one target while the targets do not change, so the report counts clients
   * an event moved.
   * @defaultValue the value of `hashesKey`
   */
  readonly sticky?: boolean;
  /**
   * What it follows, for `--help`-like listings.
   * @defaultValue `"a user's picker"`
   */
  readonly follows?: string;
}

/**
 * A call's own pickers by algorithm name: a bare factory or a `UserAlgorithm`. A bare factory's
 * facts are inferred so that any picker runs correctly: it hashes the key (`pick` gets the hash
 * of the client's address), it is told of every connection opened and closed, and it is treated
 * as sticky (clients moved by events are counted). Session persistence may be combined with it on
 * either layer; its builds are charged as an O(n) build. A name of the algorithm table is refused.
 */
export type UserPickers = Readonly<Record<string, UserPickerFactory | UserAlgorithm>>;

/** The algorithms one call may name, and what lbsim knows about each. */
export interface AlgorithmLookup {
  /** Every name: the table's, then the user's. */
  readonly names: readonly string[];
  /** The descriptor of `name`, or undefined when it is none of `names`. */
  describe(name: string): AlgorithmDescriptor | undefined;
}

/** The algorithm table alone. */
export const BUILT_IN_LOOKUP: AlgorithmLookup = {
  names: ALGORITHMS,
  describe: (name) => (isAlgorithm(name) ? ALGORITHM_TABLE[name] : undefined),
};

/**
 * The algorithm table with `pickers` layered over it. Throws an `LbsimTypeError`
 * (`ERR_USER_PICKER`) when a user name is a built-in algorithm's or an entry is not a factory.
 */
export function algorithmLookup(pickers: UserPickers | undefined): AlgorithmLookup {
  if (pickers === undefined) return BUILT_IN_LOOKUP;
  const own = new Map<string, AlgorithmDescriptor>();
  for (const [name, entry] of Object.entries(pickers)) {
    if (isAlgorithm(name)) {
      throw new LbsimTypeError(
        'ERR_USER_PICKER',
        `pickers: "${name}" is a built-in algorithm; give your picker another name`,
      );
    }
    own.set(name, userDescriptor(name, entry));
  }
  if (own.size === 0) return BUILT_IN_LOOKUP;
  return {
    names: [...ALGORITHMS, ...own.keys()],
    describe: (name) => (isAlgorithm(name) ? ALGORITHM_TABLE[name] : own.get(name)),
  };
}

function userDescriptor(name: string, entry: unknown): AlgorithmDescriptor {
  const spec: Partial<UserAlgorithm> =
    typeof entry === 'function'
      ? { create: entry as UserPickerFactory }
      : entry !== null && typeof entry === 'object'
        ? entry
        : {};
  const { create } = spec;
  if (typeof create !== 'function') {
    throw new LbsimTypeError(
      'ERR_USER_PICKER',
      `pickers: "${name}" must be a picker factory or { create, ... }, got ${typeof entry}`,
    );
  }
  const hashesKey = spec.hashesKey ?? true;
  return {
    create: completingFactory(name, create),
    follows: spec.follows ?? "a user's picker",
    hashesKey,
    key: 'hash',
    countsConnections: spec.countsConnections ?? true,
    sticky: spec.sticky ?? hashesKey,
    persistence: { 4: null, 7: null },
    layers: [4, 7],
    buildCost: (n) => ({ time: n * BUILD_COST.target, bytes: n * BUILD_COST.targetBytes }),
  };
}

/** Whether `entry` has the shape of a picker: a factory, or a `UserAlgorithm` with `create`. */
function isPickerEntry(entry: unknown): entry is UserPickerFactory | UserAlgorithm {
  if (typeof entry === 'function') return true;
  return (
    entry !== null &&
    typeof entry === 'object' &&
    typeof (entry as { create?: unknown }).create === 'function'
  );
}

/**
 * The pickers of an ES module's namespace, the contract of `lbsim run --pickers`, `lbsim bench
 * --module` and `sweep`'s `pickerModule`: each named export is a picker (a factory or a
 * `UserAlgorithm`) under its export name; a default export that is a picker is named
 * `defaultName` (the file's base name); a default export that is a plain object of pickers adds
 * its entries under their keys. Throws an `LbsimTypeError` (`ERR_USER_PICKER`) naming `source`
 * for any other export and for a module without pickers.
 */
export function pickersOfModule(
  namespace: Readonly<Record<string, unknown>>,
  defaultName: string,
  source: string,
): UserPickers {
  const pickers: Record<string, UserPickerFactory | UserAlgorithm> = {};
  const add = (name: string, entry: unknown, what: string): void => {
    if (!isPickerEntry(entry)) {
      throw new LbsimTypeError(
        'ERR_USER_PICKER',
        `${source}: ${what} must be a picker factory (targets, options) => picker, or { create, ... } (got ${entry === null ? 'null' : typeof entry})`,
      );
    }
    if (Object.hasOwn(pickers, name)) {
      throw new LbsimTypeError('ERR_USER_PICKER', `${source}: two pickers are named "${name}"`);
    }
    pickers[name] = entry;
  };
  for (const [name, entry] of Object.entries(namespace)) {
    if (name !== 'default') {
      add(name, entry, `export "${name}"`);
    } else if (isPickerEntry(entry) || entry === null || typeof entry !== 'object') {
      add(defaultName, entry, 'the default export');
    } else {
      for (const [key, value] of Object.entries(entry)) {
        add(key, value, `default export's "${key}"`);
      }
    }
  }
  if (Object.keys(pickers).length === 0) {
    throw new LbsimTypeError('ERR_USER_PICKER', `${source}: exports no picker factory`);
  }
  // Names are checked against the table here, so that a bad module fails as it is loaded.
  algorithmLookup(pickers);
  return pickers;
}
