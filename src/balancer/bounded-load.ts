/**
 * Consistent hashing with bounded loads: a key goes to its usual target unless that target would
 * then hold more than `ceil(c × (L + 1) / n)` connections, L the connections open on the n
 * eligible targets (weight > 0) and c the balance factor; then to the next candidate that would
 * not. For a ring the candidates are the next distinct targets clockwise from the key (the
 * paper's rule); for Maglev they are the owners of the next cells of the lookup table (a
 * weighted, key-specific order, like linear probing: Maglev has no per-key preference list).
 *
 * Reference: Mirrokni, Thorup and Zadimoghaddam, "Consistent Hashing with Bounded Loads",
 * SODA 2018 (arXiv 1608.01350, 2016). The bound is per target, whatever its weight: weights
 * shape the usual choice, c caps every target at c times the average.
 *
 * A fitting candidate always exists when every eligible target has a position (n targets at
 * capacity would hold n · ceil(c(L+1)/n) >= c(L+1) > L connections); should none fit (a Maglev
 * table too small to give every target a cell), the usual target is kept.
 * Pick: the wrapped picker's pick, plus O(1/(c−1)²) expected candidates when the usual one is
 * full (the paper's bound), O(positions) at worst; no allocation. Counts connections per target
 * index; an update carries each target's count over by id.
 *
 * Determinism: a pure function of the wrapped picker's order, the counts and c.
 */
import type { Picker, PickerTarget } from './picker.js';
import { hashKey } from '../hash/hash-key.js';
import { LbsimRangeError } from '../errors.js';
import { ERR_PICKER_OPTION } from './check-targets.js';

/** Positions in a fixed cyclic order that a key can walk past its usual choice. */
export interface CandidateOrder {
  /** Number of positions (0 when there is no target). */
  readonly positionCount: number;
  /** The position of the key's usual choice (0 ≤ position < positionCount when there is one). */
  positionOf(hash: number): number;
  /** The target index at `position`, or -1 for none. */
  targetAt(position: number): number;
}

/**
 * The balance factors a scenario may give (`boundedLoad`). Below 1.1 the walk past full targets
 * grows as 1/(c−1)² (about 100 candidates at 1.1, 10,000 at 1.01), which the run's work bounds
 * would have to charge per request; at 10 a target may already hold ten times the mean load, and
 * a larger factor binds only while a handful of connections are open.
 */
export const BOUNDED_LOAD_RANGE = Object.freeze({ min: 1.1, max: 10 });

/** Whether target load `inFlight` may take one more: `inFlight + 1 <= ceil(c (load + 1) / n)`. */
export function fitsBound(inFlight: number, load: number, eligible: number, c: number): boolean {
  return inFlight + 1 <= Math.ceil((c * (load + 1)) / eligible);
}

/** A consistent-hashing picker with bounded loads around a picker that offers its order. */
export class BoundedLoadPicker implements Picker {
  readonly #inner: Picker & CandidateOrder;
  readonly #c: number;
  /** Connections open per target index. */
  #inFlight = new Int32Array(0);
  /** 1 for a target with weight > 0. */
  #eligible = new Uint8Array(0);
  #eligibleCount = 0;
  /** Connections open on eligible targets. */
  #load = 0;
  #ids: string[] = [];

  /**
   * @param inner - a picker built over `targets` (its picks are the usual choices).
   * @param targets - the list `inner` was built from.
   * @param c - the balance factor, at least 1.
   * @throws RangeError (code `ERR_PICKER_OPTION`) for a factor below 1 or not a number.
   */
  constructor(inner: Picker & CandidateOrder, targets: readonly PickerTarget[], c: number) {
    if (typeof c !== 'number' || !Number.isFinite(c) || c < 1) {
      throw new LbsimRangeError(
        ERR_PICKER_OPTION,
        `${inner.algorithm}: boundedLoad must be a number >= 1, got ${String(c)}`,
      );
    }
    this.#inner = inner;
    this.#c = c;
    this.#track(targets);
  }

  /** The wrapped picker's algorithm. */
  get algorithm(): string {
    return this.#inner.algorithm;
  }

  /** Number of targets. */
  get size(): number {
    return this.#inner.size;
  }

  /** Connections counted open on target `index`. */
  inFlight(index: number): number {
    return this.#inFlight[index] ?? 0;
  }

  /** The usual target if it fits under the bound, else the first candidate after it that does. */
  pick(hash: number): number {
    const usual = this.#inner.pick(hash);
    if (usual < 0) return usual;
    const inFlight = this.#inFlight;
    const load = this.#load;
    const n = this.#eligibleCount;
    const c = this.#c;
    if (fitsBound(inFlight[usual]!, load, n, c)) return usual;
    const order = this.#inner;
    const count = order.positionCount;
    let position = order.positionOf(hash);
    for (let step = 1; step < count; step++) {
      position = position + 1 === count ? 0 : position + 1;
      const t = order.targetAt(position);
      if (t >= 0 && fitsBound(inFlight[t]!, load, n, c)) return t;
    }
    return usual;
  }

  /** The choice for a raw client key: `pick(hashKey(key))`, as the wrapped pickers do. */
  pickKey(key: string): number {
    return this.pick(hashKey(key));
  }

  /** Updates the wrapped picker; each target keeps its open connections (by id). */
  update(targets: readonly PickerTarget[]): void {
    this.#inner.update(targets);
    this.#track(targets);
  }

  /** A connection was assigned to target `index`. */
  connectionOpened(index: number): void {
    this.#inFlight[index]!++;
    this.#load += this.#eligible[index]!;
    this.#inner.connectionOpened(index);
  }

  /** A connection to target `index` ended. */
  connectionClosed(index: number): void {
    if (this.#inFlight[index]! <= 0) return;
    this.#inFlight[index]!--;
    this.#load -= this.#eligible[index]!;
    this.#inner.connectionClosed(index);
  }

  /** Carries the counts over to the new list by id and recomputes the eligible load. */
  #track(targets: readonly PickerTarget[]): void {
    const n = targets.length;
    const old = this.#inFlight;
    const oldIds = this.#ids;
    const inFlight = new Int32Array(n);
    const sameIds = oldIds.length === n && targets.every((t, i) => t.id === oldIds[i]);
    if (sameIds) inFlight.set(old.subarray(0, n));
    else {
      const at = new Map(oldIds.map((id, i) => [id, i]));
      for (let i = 0; i < n; i++) inFlight[i] = old[at.get(targets[i]!.id) ?? -1] ?? 0;
    }
    const eligible = new Uint8Array(n);
    let count = 0;
    let load = 0;
    for (let i = 0; i < n; i++) {
      if (targets[i]!.weight <= 0) continue;
      eligible[i] = 1;
      count++;
      load += inFlight[i]!;
    }
    this.#inFlight = inFlight;
    this.#eligible = eligible;
    this.#eligibleCount = count;
    this.#load = load;
    this.#ids = targets.map((t) => t.id);
  }
}
