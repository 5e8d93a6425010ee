/**
 * Weighted consistent hashing on a ring (ketama style): each target puts `pointsPerWeight × weight`
 * virtual nodes on a 32-bit circle, and a key goes to the owner of the first point at or after it,
 * wrapping past 2^32 - 1 to the first point.
 *
 * Reference: Karger et al., "Consistent Hashing and Random Trees", STOC 1997; libketama and Envoy's
 * `ring_hash_lb.cc`. Point positions hash `${id}-${replica}` (see `hashIdReplica`), so a target's
 * points depend on nothing but its own id and weight: removing a target moves only the keys it
 * owned, and raising a weight only adds points. Not byte-compatible with libketama (no MD5).
 *
 * Accuracy: a target with m of the ring's P points owns a Beta(m, P - m) share of the circle,
 * relative standard deviation about sqrt((1 - m/P) / m): 7.5% for weight 10 (160 points) among 10
 * equal targets. Raise `pointsPerWeight` to tighten it, at O(P) memory and O(log P) pick.
 *
 * Build: O(P log P) (one typed-array sort of packed `point · 2^21 + rank` keys); pick: a binary
 * search, O(log P), no allocation; memory 8 bytes a point (Uint32 points + Int32 owners).
 * Measured on Node 20, random weights 1..100, 16 points a unit: 10 targets (8,400 points) 1-2 ms
 * build; 100 targets (67k points) 8 ms; 1000 targets (806k points) 115 ms. Pick: 13-18 ns while
 * the ring stays in cache, 60-120 ns over a million distinct keys on a loaded machine (cache
 * misses; a branch-free search measured slower in V8).
 *
 * Determinism: the ring depends only on the set of (id, weight) pairs; equal points (hash
 * collisions) keep both, ordered by id, so the first in id order wins every key that lands on them.
 */
import { checkTargets, type Algorithm, type Picker, type PickerTarget } from './picker.js';
import { hashIdReplica } from './id-hash.js';

/** Ketama's 160 points for weight 10. */
export const DEFAULT_POINTS_PER_WEIGHT = 16;

/** Largest `pointsPerWeight` accepted. */
export const MAX_POINTS_PER_WEIGHT = 10_000;

/** Largest ring (16 Mi points, 128 MiB); a build that would exceed it throws. */
export const MAX_RING_POINTS = 2 ** 24;

/** Seed of the id hash placing ring points (exported to reproduce rings). */
export const RING_HASH_SEED = 0x72696e67; // "ring"

/** Points are packed with their owner's id rank as `point · RANK_SCALE + rank`, exact below 2^53. */
const RANK_SCALE = 2 ** 21;

/** Options of `RingHashPicker`. */
export interface RingHashOptions {
  /**
   * Virtual nodes per unit of weight (an integer 1..10000).
   * @defaultValue 16 (weight 10 → 160 points, as ketama)
   */
  readonly pointsPerWeight?: number;
}

/**
 * Ring-hash consistent-hashing picker: `pick(hash)` binary-searches the sorted points. Removing a
 * target moves exactly the keys it owned; adding one takes keys only from the others.
 */
export class RingHashPicker implements Picker {
  /** Always `'ring-hash'`. */
  readonly algorithm: Algorithm = 'ring-hash';
  readonly #pointsPerWeight: number;
  #points = new Uint32Array(0);
  /** Owner index per point, plus one wrap entry: `owners[P]` repeats `owners[0]` (or -1 when P = 0). */
  #owners = new Int32Array([-1]);
  #p = 0;
  #size = 0;

  /**
   * @param targets - ids and weights 0..100; weight-0 targets get no points.
   * @throws RangeError/TypeError for a bad target or option, naming it.
   */
  constructor(targets: readonly PickerTarget[], options: RingHashOptions = {}) {
    const ppw = options.pointsPerWeight ?? DEFAULT_POINTS_PER_WEIGHT;
    if (
      typeof ppw !== 'number' ||
      !Number.isInteger(ppw) ||
      ppw < 1 ||
      ppw > MAX_POINTS_PER_WEIGHT
    ) {
      throw new RangeError(
        `ring-hash: pointsPerWeight must be an integer in 1..${MAX_POINTS_PER_WEIGHT}, got ${String(ppw)}`,
      );
    }
    this.#pointsPerWeight = ppw;
    this.update(targets);
  }

  /** Number of targets the ring was built from (weight-0 targets included). */
  get size(): number {
    return this.#size;
  }

  /** Number of points on the ring. */
  get pointCount(): number {
    return this.#p;
  }

  /** The sorted point positions (a copy, for tests and reports). */
  points(): Uint32Array {
    return this.#points.slice(0, this.#p);
  }

  /** The owner index of each sorted point (a copy). */
  owners(): Int32Array {
    return this.#owners.slice(0, this.#p);
  }

  /** The target index for `hash` (a 32-bit unsigned key), or -1 when no target has weight > 0. */
  pick(hash: number): number {
    const points = this.#points;
    const h = hash >>> 0;
    let lo = 0;
    let hi = this.#p;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (points[mid]! < h) lo = mid + 1;
      else hi = mid;
    }
    // lo === P past the last point: owners[P] is the wrap entry.
    return this.#owners[lo]!;
  }

  /** Rebuilds the ring for a new target list (reusing its buffers when large enough). */
  update(targets: readonly PickerTarget[]): void {
    checkTargets('ring-hash', targets);
    const n = targets.length;
    if (n > RANK_SCALE) {
      throw new RangeError(`ring-hash: at most ${RANK_SCALE} targets, got ${n}`);
    }
    const ppw = this.#pointsPerWeight;
    let total = 0;
    for (const t of targets) total += t.weight * ppw;
    if (total > MAX_RING_POINTS) {
      throw new RangeError(
        `ring-hash: the ring would have ${total} points, more than ${MAX_RING_POINTS}; lower pointsPerWeight`,
      );
    }

    // Rank by id: the tie-break between equal points.
    const byRank: number[] = [];
    for (let i = 0; i < n; i++) byRank.push(i);
    byRank.sort((a, b) => {
      const x = targets[a]!.id;
      const y = targets[b]!.id;
      return x < y ? -1 : x > y ? 1 : 0;
    });

    const keys = new Float64Array(total);
    let q = 0;
    for (let rank = 0; rank < n; rank++) {
      const t = targets[byRank[rank]!]!;
      const replicas = t.weight * ppw;
      for (let r = 0; r < replicas; r++)
        keys[q++] = hashIdReplica(t.id, r, RING_HASH_SEED) * RANK_SCALE + rank;
    }
    keys.sort();

    if (this.#points.length < total) {
      this.#points = new Uint32Array(total);
      this.#owners = new Int32Array(total + 1);
    }
    const points = this.#points;
    const owners = this.#owners;
    for (let i = 0; i < total; i++) {
      const key = keys[i]!;
      const point = Math.floor(key / RANK_SCALE);
      points[i] = point;
      owners[i] = byRank[key - point * RANK_SCALE]!;
    }
    owners[total] = total > 0 ? owners[0]! : -1;
    this.#p = total;
    this.#size = n;
  }

  /** Ignored: the ring keeps no per-connection state. */
  connectionOpened(_index: number): void {
    // Nothing to count: no per-connection state.
  }

  /** Ignored: the ring keeps no per-connection state. */
  connectionClosed(_index: number): void {
    // Nothing to count: no per-connection state.
  }
}
