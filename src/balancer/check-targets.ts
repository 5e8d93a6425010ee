/**
 * Argument checks shared by the pickers: the target list (`{ id, weight }` items, unique ids,
 * integer weights 0..100, at most {@link MAX_PICKER_TARGETS} targets) and a random source. Every
 * error is a `RangeError` or `TypeError` (as before) carrying a stable `code`:
 * `ERR_PICKER_TARGETS` for the target list, `ERR_PICKER_RNG` for the random source,
 * `ERR_PICKER_OPTION` for the other options.
 */
import { LbsimRangeError, LbsimTypeError } from '../errors.js';
import { isOwnRng, type Rng } from '../random/rng.js';
import { MAX_PICKER_TARGETS, MAX_WEIGHT } from '../limits.js';
export { MAX_PICKER_TARGETS } from '../limits.js';

/** One backend as a picker sees it (the same shape as `PickerTarget` in `picker.ts`). */
interface TargetLike {
  readonly id: string;
  readonly weight: number;
}

/** Code of errors about a picker's target list. */
export const ERR_PICKER_TARGETS = 'ERR_PICKER_TARGETS';
/** Code of errors about a picker's random source. */
export const ERR_PICKER_RNG = 'ERR_PICKER_RNG';
/** Code of errors about a picker's other options (table size, points per weight, ...). */
export const ERR_PICKER_OPTION = 'ERR_PICKER_OPTION';

/**
 * Checks a target list and returns it unchanged, or throws a RangeError/TypeError with code
 * `ERR_PICKER_TARGETS` naming the module, the target and the value, e.g.
 * `maglev: targets[2] ("b:80") weight must be an integer in 0..100, got 101`.
 */
export function checkPickerTargets<T extends TargetLike>(
  module: string,
  targets: readonly T[],
): readonly T[] {
  const input: unknown = targets;
  if (!Array.isArray(input)) {
    throw new LbsimTypeError(
      ERR_PICKER_TARGETS,
      `${module}: targets must be an array, got ${describe(input)}`,
    );
  }
  if (targets.length > MAX_PICKER_TARGETS) {
    throw new LbsimRangeError(
      ERR_PICKER_TARGETS,
      `${module}: at most ${MAX_PICKER_TARGETS} targets, got ${targets.length}`,
    );
  }
  const seen = new Set<string>();
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i] as TargetLike | undefined | null;
    if (t === null || typeof t !== 'object') {
      throw new LbsimTypeError(
        ERR_PICKER_TARGETS,
        `${module}: targets[${i}] must be an object { id, weight }`,
      );
    }
    if (typeof t.id !== 'string' || t.id === '') {
      throw new LbsimTypeError(
        ERR_PICKER_TARGETS,
        `${module}: targets[${i}].id must be a non-empty string, got ${describe(t.id)}`,
      );
    }
    if (seen.has(t.id)) {
      throw new LbsimRangeError(
        ERR_PICKER_TARGETS,
        `${module}: targets[${i}] repeats id ${describe(t.id)}`,
      );
    }
    seen.add(t.id);
    const w = t.weight;
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 0 || w > MAX_WEIGHT) {
      throw new LbsimRangeError(
        ERR_PICKER_TARGETS,
        `${module}: targets[${i}] (${describe(t.id)}) weight must be an integer in 0..${MAX_WEIGHT}, got ${describe(w)}`,
      );
    }
  }
  return targets;
}

/**
 * Checks a random source when a picker is built, so that a bad one fails there and not on every
 * `pick`: an object whose `next` is a function returning a number in [0, 1). lbsim's own
 * generators (`createRng`, `deriveRng`) are taken as they are; any other source is asked for one
 * draw here, which is checked and then handed back as the first draw of the returned source, so
 * the picker sees the same sequence it would have seen unchecked.
 *
 * @throws TypeError (code `ERR_PICKER_RNG`) for a value without a `next` function; RangeError
 *   (code `ERR_PICKER_RNG`) when `next()` returns something outside [0, 1) or throws.
 */
export function checkRng(module: string, rng: unknown): Rng {
  if (
    rng === null ||
    typeof rng !== 'object' ||
    typeof (rng as { next?: unknown }).next !== 'function'
  ) {
    throw new LbsimTypeError(
      ERR_PICKER_RNG,
      `${module}: rng must be an object with a next() method returning a number in [0, 1), got ${describe(rng)}`,
    );
  }
  if (isOwnRng(rng) || checked.has(rng)) return rng as Rng;
  const source = rng as Rng;
  let draw: unknown;
  try {
    draw = source.next();
  } catch (error) {
    throw new LbsimRangeError(
      ERR_PICKER_RNG,
      `${module}: rng.next() threw ${describe(error instanceof Error ? error.message : error)}`,
    );
  }
  if (typeof draw !== 'number' || !(draw >= 0 && draw < 1)) {
    throw new LbsimRangeError(
      ERR_PICKER_RNG,
      `${module}: rng.next() must return a number in [0, 1), got ${describe(draw)}`,
    );
  }
  let first: number | null = draw;
  const primed: Rng = {
    next(): number {
      if (first === null) return source.next();
      const u = first;
      first = null;
      return u;
    },
    nextUint32: () => source.nextUint32(),
  };
  checked.add(primed);
  return primed;
}

/** Sources `checkRng` returned (p2c checks, then its inner random picker would check again). */
const checked = new WeakSet();

/** A short, one-line rendering of a value for a message. */
function describe(value: unknown): string {
  if (typeof value === 'string') {
    return value.length <= 80
      ? JSON.stringify(value)
      : `${JSON.stringify(value.slice(0, 80))}…(${value.length} chars)`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value == null)
    return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
