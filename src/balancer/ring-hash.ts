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
 * equal targets. Raise `pointsPerWeight` to tighten it, at O(P) memory and build.
 *
 * Pick: a bucket index over the top k bits of the hash (by default 2^k ≈ P buckets, k in 1..22;
 * option `bucketBits` fixes k) gives the first point of the key's bucket; from there a short
 * forward scan finds the first point >= hash. A sentinel point 0xffffffff after the last one stops
 * the scan without a bounds check (no key is above it; `owners[P]` is the wrap entry), and the
 * next bucket's points are all above the key, so the scan never leaves its bucket. Buckets hold
 * Poisson(≈1) points, so the first two steps are branch-free (`lo += +(point < hash)`) and the loop
 * after them rarely runs: expected O(1), one read each of `bucketStart`, `points` and `owners`. A
 * bucket of more than 8 points (hash collisions, or about 4 points a bucket past the 2^22 cap) is
 * binary-searched instead, so the worst case stays O(log P). No allocation. The mapping is exactly
 * "first point >= hash, wrapping, first in id order among equal points", whatever k is.
 * Measured on Node 20 (2-core AMD EPYC, `bench/pickers.bench.ts`: 65,536 random 32-bit keys,
 * weights 1..100, 16 points a unit): 10 targets (8,400 points) 3.5-4 ns a pick, 100 targets (67k
 * points) 5-5.5 ns, 1000 targets (806k points) 8.5-10 ns; the plain binary search this replaced
 * measured 55, 78 and 115 ns (a cache miss or mispredicted branch at every level). Two buckets a
 * point gave 3.4 / 5.8 / 9-12 ns, not worth the memory; one bucket for four points 11-14 ns;
 * points and owners interleaved in one array measured no faster.
 *
 * Build: O(P log P) (one typed-array sort of packed `point · 2^21 + rank` keys) plus O(P + 2^k)
 * for the index (under 1% of it). Measured: 10 targets 1-2 ms, 100 targets 8-10 ms, 1000 targets
 * 110-115 ms. Memory: 8 bytes a point (Uint32 points + Int32 owners) plus 4 bytes a bucket; by
 * default 2^k ∈ [P/√2, P√2], so 11-14 bytes a point, about 12 (806k points: 6.4 MB of ring and
 * 4 MiB of index); at most 16 MiB of index.
 * Update: only the points of targets whose weight changed are hashed, removed and inserted in
 * place, and the index is shifted (`ring-edit.ts`): O(d log P) for d changed points plus memory-speed
 * moves; 0.5 ms for a weight change at 100 targets against 66 ms for a rebuild (`bench/update.bench.ts`).
 *
 * Determinism: the ring depends only on the set of (id, weight) pairs; equal points (hash
 * collisions) keep both, ordered by id, so the first in id order wins every key that lands on them.
 */
import type { CandidateOrder } from './bounded-load.js';
import type { Picker, PickerTarget } from './picker.js';
import { checkPickerTargets, ERR_PICKER_OPTION } from './check-targets.js';
import { LbsimRangeError } from '../errors.js';
import { hashIdReplica } from './id-hash.js';
import { buildIndex, insertPoints, RANK_SCALE, removePoints, shiftIndex } from './ring-edit.js';
import { hashKey } from '../hash/hash-key.js';

/** Ketama's 160 points for weight 10. */
export const DEFAULT_POINTS_PER_WEIGHT = 16;

/** Largest `pointsPerWeight` accepted. */
export const MAX_POINTS_PER_WEIGHT = 10_000;

/** Largest ring (16 Mi points, 128 MiB); a build that would exceed it throws. */
export const MAX_RING_POINTS = 2 ** 24;

/** Seed of the id hash placing ring points (exported to reproduce rings). */
export const RING_HASH_SEED = 0x72696e67; // "ring"

/** Most index bits: 2^22 buckets (16 MiB); larger rings get about 4 points a bucket. */
export const MAX_BUCKET_BITS = 22;

/** Buckets with more points than this are binary-searched, keeping the worst case O(log P). */
const MAX_SCAN = 8;

/** Past the last point: no key is above it, so a forward scan stops there. */
const SENTINEL = 0xffffffff;

/** Options of `RingHashPicker`. */
export interface RingHashOptions {
  /**
   * Virtual nodes per unit of weight (an integer 1..10000).
   * @defaultValue 16 (weight 10 → 160 points, as ketama)
   */
  readonly pointsPerWeight?: number;
  /**
   * Bits k of the pick index (an integer 1..22): 2^k buckets over the top bits of the hash, 4 bytes
   * each. Fewer buckets save memory and make picks scan further; the mapping is the same for all k.
   * @defaultValue the power of two nearest the point count P (at least 2, at most 2^22),
   * recomputed on every `update`
   */
  readonly bucketBits?: number;
}

/**
 * Ring-hash consistent-hashing picker: `pick(hash)` finds the first point at or after the hash
 * through a bucket index over its top bits (expected O(1), worst O(log P)). Removing a
 * target moves exactly the keys it owned; adding one takes keys only from the others.
 */
export class RingHashPicker implements Picker, CandidateOrder {
  /** Always `'ring-hash'`. */
  readonly algorithm = 'ring-hash' as const;
  readonly #pointsPerWeight: number;
  readonly #bucketBits: number | undefined;
  /** Sorted points, plus the sentinel `points[P] = 0xffffffff`. */
  #points = new Uint32Array([SENTINEL]);
  /** Owner index per point, plus one wrap entry: `owners[P]` repeats `owners[0]` (or -1 when P = 0). */
  #owners = new Int32Array([-1]);
  /** `bucketStart[b]`: index of the first point >= b · 2^shift, for b in 0..2^k (P at 2^k). */
  #bucketStart = new Uint32Array(3);
  /** 32 - k: a hash's bucket is `hash >>> shift`. */
  #shift = 31;
  #p = 0;
  #size = 0;
  /** The last list's ids and weights by index, and each id's index. */
  readonly #ids: string[] = [];
  #weights = new Int32Array(0);
  readonly #indexOf = new Map<string, number>();
  // Update scratch, kept between updates.
  #keys = new Float64Array(0);
  #removeKeys = new Float64Array(0);
  #positions = new Int32Array(0);
  #remap = new Int32Array(0);
  readonly #inserting: number[] = [];

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
      throw new LbsimRangeError(
        ERR_PICKER_OPTION,
        `ring-hash: pointsPerWeight must be an integer in 1..${MAX_POINTS_PER_WEIGHT}, got ${String(ppw)}`,
      );
    }
    this.#pointsPerWeight = ppw;
    const bits = options.bucketBits;
    if (
      bits !== undefined &&
      (typeof bits !== 'number' || !Number.isInteger(bits) || bits < 1 || bits > MAX_BUCKET_BITS)
    ) {
      throw new LbsimRangeError(
        ERR_PICKER_OPTION,
        `ring-hash: bucketBits must be an integer in 1..${MAX_BUCKET_BITS}, got ${String(bits)}`,
      );
    }
    this.#bucketBits = bits;
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

  /** Number of buckets of the pick index (2^k). */
  get bucketCount(): number {
    return 2 ** (32 - this.#shift);
  }

  /** The sorted point positions (a copy, for tests and reports). */
  points(): Uint32Array {
    return this.#points.slice(0, this.#p);
  }

  /** The owner index of each sorted point (a copy). */
  owners(): Int32Array {
    return this.#owners.slice(0, this.#p);
  }

  /** The choice for a raw client key: `pick(hashKey(key))`. */
  pickKey(key: string): number {
    return this.pick(hashKey(key));
  }

  /** The target index for `hash` (a 32-bit unsigned key), or -1 when no target has weight > 0. */
  pick(hash: number): number {
    // lo === P past the last point: owners[P] is the wrap entry.
    return this.#owners[this.#search(hash)]!;
  }

  /** Number of points: the positions a bounded-load walk steps through (`bounded-load.ts`). */
  get positionCount(): number {
    return this.#p;
  }

  /** A key's position for a bounded-load walk: its point (the first at or after it, wrapping). */
  positionOf(hash: number): number {
    const at = this.#search(hash);
    return at === this.#p ? 0 : at;
  }

  /** The owner of point `position`. */
  targetAt(position: number): number {
    return this.#owners[position]!;
  }

  /** The index of the first point >= hash, or P when there is none. */
  #search(hash: number): number {
    const points = this.#points;
    const bucketStart = this.#bucketStart;
    const h = hash >>> 0;
    const b = h >>> this.#shift;
    let lo = bucketStart[b]!;
    const hi = bucketStart[b + 1]!;
    if (hi - lo > MAX_SCAN) {
      // Rare (collisions or an over-full bucket): stay O(log P).
      let top = hi;
      while (lo < top) {
        const mid = (lo + top) >>> 1;
        if (points[mid]! < h) lo = mid + 1;
        else top = mid;
      }
      return lo;
    }
    // The point at `hi` (next bucket's first, or the sentinel) is >= h, so no step passes it.
    // Two branch-free steps cover most buckets; the loop is then usually a predicted exit.
    lo += +(points[lo]! < h);
    lo += +(points[lo]! < h);
    while (points[lo]! < h) lo++;
    return lo;
  }

  /**
   * Replaces the target list. When few points change (a weight change, a target added or
   * removed: under a quarter of the ring), only those points are hashed, and they are removed and
   * inserted in place (`ring-edit.ts`); otherwise the ring is rebuilt. Either way the ring is the
   * one a fresh build over `targets` gives.
   */
  update(targets: readonly PickerTarget[]): void {
    checkPickerTargets('ring-hash', targets);
    const n = targets.length;
    if (n > RANK_SCALE) {
      throw new LbsimRangeError(
        ERR_PICKER_OPTION,
        `ring-hash: at most ${RANK_SCALE} targets, got ${n}`,
      );
    }
    const ppw = this.#pointsPerWeight;
    let total = 0;
    for (const t of targets) total += t.weight * ppw;
    if (total > MAX_RING_POINTS) {
      throw new LbsimRangeError(
        ERR_PICKER_OPTION,
        `ring-hash: the ring would have ${total} points, more than ${MAX_RING_POINTS}; lower pointsPerWeight`,
      );
    }
    const sameIds = this.#sameIds(targets);
    if (!this.#edit(targets, total, sameIds)) this.#build(targets, total);
    this.#remember(targets, sameIds);
  }

  /** Whether every target keeps the index it had in the last list (the pool's usual case). */
  #sameIds(targets: readonly PickerTarget[]): boolean {
    const ids = this.#ids;
    if (ids.length !== targets.length) return false;
    for (let i = 0; i < ids.length; i++) if (ids[i] !== targets[i]!.id) return false;
    return true;
  }

  /** The last list's index of the target `id` (or -1); `i` is its index in the new list. */
  #oldIndex(id: string, i: number, sameIds: boolean): number {
    return sameIds ? i : (this.#indexOf.get(id) ?? -1);
  }

  /**
   * Edits the ring in place for the points that changed; false (ring untouched) when so many
   * change that a full build is cheaper, or on the first build.
   */
  #edit(targets: readonly PickerTarget[], total: number, sameIds: boolean): boolean {
    const ppw = this.#pointsPerWeight;
    const oldN = this.#ids.length;
    const oldWeights = this.#weights;
    if (this.#remap.length < oldN) this.#remap = new Int32Array(oldN);
    const remap = this.#remap;
    remap.fill(-1, 0, oldN);
    const inserting = this.#inserting;
    inserting.length = 0;
    let added = 0;
    for (let i = 0; i < targets.length; i++) {
      const o = this.#oldIndex(targets[i]!.id, i, sameIds);
      const oldW = o < 0 ? 0 : oldWeights[o]!;
      if (o >= 0) remap[o] = i;
      if (targets[i]!.weight > oldW) {
        added += (targets[i]!.weight - oldW) * ppw;
        inserting.push(i);
      }
    }
    let removed = 0;
    for (let o = 0; o < oldN; o++) {
      const i = remap[o]!;
      const newW = i < 0 ? 0 : targets[i]!.weight;
      if (newW < oldWeights[o]!) removed += (oldWeights[o]! - newW) * ppw;
    }
    if (oldN === 0 || 4 * (added + removed) > this.#p) return false;

    // Removals, tagged with their owner's old index.
    if (this.#removeKeys.length < removed) this.#removeKeys = new Float64Array(removed);
    const removeKeys = this.#removeKeys;
    let q = 0;
    for (let o = 0; o < oldN; o++) {
      const i = remap[o]!;
      const newW = i < 0 ? 0 : targets[i]!.weight;
      const id = this.#ids[o]!;
      for (let r = newW * ppw; r < oldWeights[o]! * ppw; r++)
        removeKeys[q++] = hashIdReplica(id, r, RING_HASH_SEED) * RANK_SCALE + o;
    }
    removeKeys.subarray(0, q).sort();
    if (this.#positions.length < q) this.#positions = new Int32Array(q);
    this.#reserve(total + 1);
    let p = removePoints(this.#points, this.#owners, this.#p, removeKeys, q, this.#positions);
    if (p < 0) return false;
    if (!sameIds) for (let j = 0; j < p; j++) this.#owners[j] = remap[this.#owners[j]!]!;

    // Insertions, tagged with their owner's rank by id among the inserting targets.
    const ids = targets.map((t) => t.id);
    inserting.sort((a, b) => compareIds(ids[a]!, ids[b]!));
    const keys = this.#scratchKeys(added);
    q = 0;
    for (let rank = 0; rank < inserting.length; rank++) {
      const i = inserting[rank]!;
      const o = this.#oldIndex(ids[i]!, i, sameIds);
      const from = o < 0 ? 0 : oldWeights[o]! * ppw;
      for (let r = from; r < targets[i]!.weight * ppw; r++)
        keys[q++] = hashIdReplica(ids[i]!, r, RING_HASH_SEED) * RANK_SCALE + rank;
    }
    keys.subarray(0, q).sort();
    p = insertPoints(this.#points, this.#owners, p, keys, q, inserting, ids);
    this.#finish(p, { removed, added });
    return true;
  }

  /** Builds the ring from scratch: every point hashed, one sort. */
  #build(targets: readonly PickerTarget[], total: number): void {
    const n = targets.length;
    const ppw = this.#pointsPerWeight;
    // Rank by id: the tie-break between equal points.
    const byRank: number[] = [];
    for (let i = 0; i < n; i++) byRank.push(i);
    byRank.sort((a, b) => compareIds(targets[a]!.id, targets[b]!.id));

    const keys = this.#scratchKeys(total);
    let q = 0;
    for (let rank = 0; rank < n; rank++) {
      const t = targets[byRank[rank]!]!;
      const replicas = t.weight * ppw;
      for (let r = 0; r < replicas; r++)
        keys[q++] = hashIdReplica(t.id, r, RING_HASH_SEED) * RANK_SCALE + rank;
    }
    keys.subarray(0, total).sort();

    if (this.#points.length < total + 1) {
      this.#points = new Uint32Array(total + 1);
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
    this.#finish(total);
  }

  /** Sets the sentinel and the wrap entry after `total` points and brings the index up to date. */
  #finish(total: number, edit?: { removed: number; added: number }): void {
    this.#owners[total] = total > 0 ? this.#owners[0]! : -1;
    this.#points[total] = SENTINEL;
    this.#index(total, edit);
    this.#p = total;
  }

  /** Keeps the list's ids and weights for the next update's comparison. */
  #remember(targets: readonly PickerTarget[], sameIds: boolean): void {
    const n = targets.length;
    if (this.#weights.length < n)
      this.#weights = new Int32Array(Math.max(n, 2 * this.#weights.length));
    for (let i = 0; i < n; i++) this.#weights[i] = targets[i]!.weight;
    this.#size = n;
    if (sameIds) return;
    this.#ids.length = n;
    this.#indexOf.clear();
    for (let i = 0; i < n; i++) {
      this.#ids[i] = targets[i]!.id;
      this.#indexOf.set(targets[i]!.id, i);
    }
  }

  /** Grows the point arrays to hold `entries`, keeping what they hold. */
  #reserve(entries: number): void {
    if (this.#points.length >= entries) return;
    const points = new Uint32Array(entries);
    const owners = new Int32Array(entries);
    points.set(this.#points.subarray(0, this.#p));
    owners.set(this.#owners.subarray(0, this.#p));
    this.#points = points;
    this.#owners = owners;
  }

  /** A scratch array of at least `length` packed keys (reused between updates). */
  #scratchKeys(length: number): Float64Array {
    if (this.#keys.length < length) this.#keys = new Float64Array(length);
    return this.#keys;
  }

  /**
   * Builds the pick index for `total` sorted points (2^k buckets, by default 2^k nearest P), or
   * after an edit that keeps k, shifts it by the edit's removed and inserted points.
   */
  #index(total: number, edit?: { removed: number; added: number }): void {
    // An empty ring (log2(0) = -Infinity) gets k = 1: k = 0 would shift by 32, i.e. by 0.
    const k =
      this.#bucketBits ?? Math.min(MAX_BUCKET_BITS, Math.max(1, Math.round(Math.log2(total))));
    const buckets = 2 ** k;
    const shift = 32 - k;
    if (edit !== undefined && shift === this.#shift) {
      const { removed, added } = edit;
      shiftIndex(this.#bucketStart, shift, buckets, this.#removeKeys, removed, this.#keys, added);
      return;
    }
    if (this.#bucketStart.length < buckets + 1) this.#bucketStart = new Uint32Array(buckets + 1);
    buildIndex(this.#points, total, this.#bucketStart, shift, buckets);
    this.#shift = shift;
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

/** Orders ids by UTF-16 code units, like `Array.prototype.sort` without a comparator. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
