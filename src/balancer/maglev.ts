/**
 * Weighted Maglev consistent hashing: a prime-sized lookup table filled from per-target
 * permutations, so that a key's target is one array read.
 *
 * Reference: Eisenbud et al., "Maglev: A Fast and Reliable Software Network Load Balancer",
 * NSDI 2016 (Pseudocode 1); weighted as in Envoy's `maglev_lb.cc`. Each target with weight > 0
 * gets `offset = h0(id) mod M` and `skip = h1(id) mod (M - 1) + 1` and walks the permutation
 * `offset, offset + skip, ...` (mod M); in each round a target claims its next free preferred slot
 * only when its weighted turn comes. Two refinements over Envoy, both for share accuracy:
 * - turns are rounded to nearest rather than up: a target claims in round r while
 *   `(2·count + 1)·maxWeight <= 2·r·weight`, so after r rounds it owns round(r·weight/maxWeight);
 * - the last, partial round goes to the claimers with the earliest deadline `(count + ½)/weight`
 *   rather than to whoever comes first in the list.
 * Together every target owns within ½ slot of `T·weight` for one common T (an EDF schedule
 * quantised to rounds), so its share is off by at most 0.5/e + 0.5·k/M relative, for e expected
 * slots and k targets. Measured worst over 150 random lists of 2..100 targets with weights 1..100:
 * 0.43% (Envoy's round-up rule on the same tables: 0.97%).
 *
 * Table size: by default the first prime of a ladder near powers of two (65537 ... 16777213) at
 * which every target expects >= 100 slots (M·minWeight/totalWeight >= 100). A ladder rather than
 * the smallest fitting prime keeps M stable across most weight changes, which matters because a
 * new M reshuffles every key; fix `tableSize` to rule that out. A listener's 100 targets need at
 * most 1048573 slots. Past the cap (about 1,700 targets with a 100:1 weight spread) M stays
 * 16777213 and the lightest target's error grows as 0.5/e: 0.6% at 2,000 such targets, 1% at
 * about 3,400, 3% at 10,000.
 *
 * Pick: `table[⌊hash · M / 2^32⌋]`, a multiply-shift range reduction (one float multiply, no
 * division: about 2.6 ns, the same as a bare typed-array read with that index, against 7 ns with
 * `hash % M`). Exact for M < 2^21; above, rounding the 56-bit product can shift a key lying within
 * 8 of a slot boundary, deterministically. O(1), no allocation.
 * Build (`maglev-fill.ts`): O(M log M) probes, the last ½√M cells taken from a free list, plus
 * O(M · maxWeight / meanWeight) turn checks. Measured on Node 20, random weights 1..100, on an
 * idle machine before the free list: 10 targets (M 65537) 2-10 ms; 100 targets (M 524287) 20-25
 * ms; 1000 targets (M 8388593) 420-620 ms, mostly random reads while probing a filling table. The
 * free list and an inlined probe loop take 0.73-0.84 of that time at 100 targets (four runs of
 * `bench/update.bench.ts`, one process, loaded machine). Memory: two tables (the current one and
 * the one before it) of M × 2 bytes (Uint16Array) up to 65535 targets, M × 4 beyond (128 KiB,
 * 1 MiB, 16 MiB each for those three cases), an M-bit map of taken slots, and about 60 bytes a
 * target of build scratch, cached id hashes and the two tables' lists.
 * Update: a full refill. A weight change at 100 targets gives 830-8,984 slots a new target where
 * 397-8,028 must move, yet 54-88% of the fill's claims take another slot than before (every later
 * turn moves), so no checkpoint or earlier claim can be reused exactly short of the whole fill
 * (`npx tsx bench/update.bench.ts --churn`). Two updates are O(targets) instead: to the list of
 * the current table (nothing changes) and to the list of the table before it, which comes back —
 * the change undone, as when a target fails its health checks and recovers, or is drained and
 * restored.
 *
 * Determinism: the table depends only on the set of (id, weight) pairs and the table size, not on
 * the order of the list (targets take turns in id order); the same inputs give the same table.
 */
import type { CandidateOrder } from './bounded-load.js';
import type { Picker, PickerTarget } from './picker.js';
import { checkPickerTargets, ERR_PICKER_OPTION } from './check-targets.js';
import { LbsimRangeError } from '../errors.js';
import { hashId } from './id-hash.js';
import { hashKey } from '../hash/hash-key.js';
import { fill, tailCells } from './maglev-fill.js';

/** Envoy's default table size and the smallest size this picker picks by itself. */
export const MIN_DEFAULT_TABLE_SIZE = 65537;

/** The largest table size, chosen or given (16 Mi slots, 32 MiB as Uint16). */
export const MAX_TABLE_SIZE = 16777213;

/**
 * The default table sizes, primes just below or above powers of two. The default is the first at
 * which every target with weight > 0 expects at least `MIN_SLOTS_PER_TARGET` slots.
 */
export const TABLE_SIZE_LADDER: readonly number[] = [
  65537, 131071, 262139, 524287, 1048573, 2097143, 4194301, 8388593, 16777213,
];

/** Slots the lightest target should expect at the default size: ±½ slot is then ≤ 0.5%. */
export const MIN_SLOTS_PER_TARGET = 100;

/** Seed of the id hash giving a target's permutation offset (exported to reproduce tables). */
export const MAGLEV_OFFSET_SEED = 0x6d61676c; // "magl"

/** Seed of the id hash giving a target's permutation skip. */
export const MAGLEV_SKIP_SEED = 0x65763031; // "ev01"
const TWO_TO_MINUS_32 = 2 ** -32;

/** Options of `MaglevPicker`. */
export interface MaglevOptions {
  /**
   * Number of table slots: a prime larger than the number of targets, at most `MAX_TABLE_SIZE`.
   * Fixing it keeps keys in place across weight changes that would move the default size.
   * @defaultValue the first `TABLE_SIZE_LADDER` prime giving every target >= 100 expected slots
   */
  readonly tableSize?: number;
}

/** True when `n` is a prime (trial division; n is at most a few million here). */
export function isPrime(n: number): boolean {
  if (!Number.isInteger(n) || n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}

/**
 * The default table size for a total weight and the smallest weight > 0: the first ladder prime
 * with `M · minWeight / totalWeight >= MIN_SLOTS_PER_TARGET`, capped at `MAX_TABLE_SIZE`.
 */
export function defaultTableSize(totalWeight: number, minWeight: number): number {
  for (const m of TABLE_SIZE_LADDER) {
    if (m * minWeight >= MIN_SLOTS_PER_TARGET * totalWeight) return m;
  }
  return MAX_TABLE_SIZE;
}

function checkTableSize(tableSize: number, targetCount: number): void {
  if (typeof tableSize !== 'number' || !isPrime(tableSize) || tableSize <= targetCount) {
    throw new LbsimRangeError(
      ERR_PICKER_OPTION,
      `maglev: tableSize must be a prime larger than the number of targets, got ${String(tableSize)}`,
    );
  }
  if (tableSize > MAX_TABLE_SIZE) {
    throw new LbsimRangeError(
      ERR_PICKER_OPTION,
      `maglev: tableSize must be at most ${MAX_TABLE_SIZE}, got ${tableSize}`,
    );
  }
}

/** A built table and the list it was built from: ids and weights by list index (m 0: none). */
interface Built {
  table: Uint16Array | Uint32Array;
  m: number;
  readonly ids: string[];
  readonly weights: number[];
}

const unbuilt = (): Built => ({ table: new Uint16Array(1), m: 0, ids: [], weights: [] });

/** Whether `built` holds the table of exactly this list (same ids and weights at each index). */
function builtFrom(built: Built, targets: readonly PickerTarget[]): boolean {
  if (built.m === 0 || built.ids.length !== targets.length) return false;
  for (let i = 0; i < targets.length; i++) {
    const t = targets[i]!;
    if (built.ids[i] !== t.id || built.weights[i] !== t.weight) return false;
  }
  return true;
}

/**
 * Maglev consistent-hashing picker. `pick(hash)` is one table read; `update` rebuilds the table,
 * moving about the changed share of keys (plus a few percent of disruption, see the paper), unless
 * the list is the one of the current table or of the table before it.
 */
export class MaglevPicker implements Picker, CandidateOrder {
  /** Always `'maglev'`. */
  readonly algorithm = 'maglev' as const;
  readonly #fixedSize: number | undefined;
  /** Slot → target index + 1; 0 means no target (so an empty table answers -1 without a branch). */
  #table: Uint16Array | Uint32Array = new Uint16Array(1);
  #m = 1;
  /** The current table and its list (`#table` and `#m` repeat its two, for `pick`'s one read). */
  #built = unbuilt();
  /** The table before it, kept for a change that is undone; its buffer takes the next build. */
  #before = unbuilt();
  #size = 0;
  // Per-target build scratch, indexed by turn order; kept between builds to avoid reallocating.
  #skip = new Int32Array(0);
  #pos = new Int32Array(0);
  #count = new Int32Array(0);
  #weight = new Int32Array(0);
  #value = new Int32Array(0);
  #claimers = new Int32Array(0);
  #inverse = new Float64Array(0);
  #free = new Int32Array(0);
  /** Taken slots during a fill, one bit each. */
  #taken = new Int32Array(0);
  /** Turn order scratch: indices of targets with weight > 0, in id order. */
  readonly #order: number[] = [];
  /** Per list index: the id last hashed there and its two permutation hashes. */
  readonly #ids: string[] = [];
  #offsetHash = new Float64Array(0);
  #skipHash = new Float64Array(0);

  /**
   * @param targets - ids and weights 0..100; weight-0 targets get no slots.
   * @throws RangeError/TypeError for a bad target or table size, naming it.
   */
  constructor(targets: readonly PickerTarget[], options: MaglevOptions = {}) {
    this.#fixedSize = options.tableSize;
    this.update(targets);
  }

  /** Number of targets the table was built from (weight-0 targets included). */
  get size(): number {
    return this.#size;
  }

  /** Number of slots in the current table (1 when no target has weight > 0). */
  get tableSize(): number {
    return this.#m;
  }

  /** The target index of each slot, -1 for none (a copy, for tests and reports). */
  slots(): Int32Array {
    const out = new Int32Array(this.#m);
    for (let i = 0; i < this.#m; i++) out[i] = this.#table[i]! - 1;
    return out;
  }

  /** The slot a key falls in: `floor(hash · M / 2^32)`. */
  slotOf(hash: number): number {
    return ((hash >>> 0) * this.#m * TWO_TO_MINUS_32) | 0;
  }

  /** Number of slots: the positions a bounded-load walk steps through (`bounded-load.ts`). */
  get positionCount(): number {
    return this.#m;
  }

  /** A key's position for a bounded-load walk: its slot. */
  positionOf(hash: number): number {
    return this.slotOf(hash);
  }

  /** The target index of slot `position`, -1 for none. */
  targetAt(position: number): number {
    return this.#table[position]! - 1;
  }

  /** The choice for a raw client key: `pick(hashKey(key))`. */
  pickKey(key: string): number {
    return this.pick(hashKey(key));
  }

  /** The target index for `hash` (a 32-bit unsigned key), or -1 when no target has weight > 0. */
  pick(hash: number): number {
    // hash < 2^32 and M < 2^24: the product is exact below M = 2^21; above, rounding to 53 bits
    // can only move a key sitting within 8 of a slot boundary, and never past slot M - 1.
    return this.#table[((hash >>> 0) * this.#m * TWO_TO_MINUS_32) | 0]! - 1;
  }

  /**
   * Rebuilds the table for a new target list, unless it is the list (ids and weights by index) of
   * the current table or of the one before it, which then comes back. The fill itself is order
   * dependent (a weight change moves every later turn), so it runs in full; around it nothing is
   * recomputed or allocated that the last builds already had: ids are hashed once per target
   * (cached by index and id), the table before's buffer takes the new table, and the fill tracks
   * taken slots in a bitmap (M/8 bytes, cache resident) instead of probing the table itself.
   */
  update(targets: readonly PickerTarget[]): void {
    checkPickerTargets('maglev', targets);
    if (this.#fixedSize !== undefined) checkTableSize(this.#fixedSize, targets.length);
    this.#size = targets.length;
    if (builtFrom(this.#built, targets)) return;
    if (builtFrom(this.#before, targets)) {
      // An undone change (a target back up, a weight restored): the table before is that list's.
      this.#use(this.#before, this.#built);
      return;
    }
    // The next table is built in the previous one's buffer; the current one becomes the previous.
    const next = this.#before;
    this.#before = this.#built;
    this.#record(next, targets);
    this.#hashIds(targets);

    // Turn order: targets with weight > 0, sorted by id, so the list order does not matter.
    const order = this.#order;
    order.length = 0;
    let total = 0;
    let minW = Infinity;
    let maxW = 0;
    for (let i = 0; i < targets.length; i++) {
      const w = targets[i]!.weight;
      if (w === 0) continue;
      order.push(i);
      total += w;
      if (w < minW) minW = w;
      if (w > maxW) maxW = w;
    }
    const k = order.length;
    if (k === 0) {
      tableFor(next, 1, targets.length)[0] = 0;
      next.m = 1;
      this.#use(next, this.#before);
      return;
    }
    if (!this.#sorted(targets, order))
      order.sort((a, b) => compareIds(targets[a]!.id, targets[b]!.id));

    const m = this.#fixedSize ?? defaultTableSize(total, minW);
    const table = tableFor(next, m, targets.length);
    next.m = m;
    const words = (m + 31) >>> 5;
    if (this.#taken.length < words) this.#taken = new Int32Array(words);
    else this.#taken.fill(0, 0, words);

    if (this.#skip.length < k) {
      this.#skip = new Int32Array(k);
      this.#pos = new Int32Array(k);
      this.#count = new Int32Array(k);
      this.#weight = new Int32Array(k);
      this.#value = new Int32Array(k);
      this.#claimers = new Int32Array(k);
      this.#inverse = new Float64Array(k);
    }
    if (this.#free.length < tailCells(m)) this.#free = new Int32Array(tailCells(m));
    for (let j = 0; j < k; j++) {
      const i = order[j]!;
      this.#weight[j] = targets[i]!.weight;
      this.#value[j] = i + 1;
      this.#pos[j] = this.#offsetHash[i]! % m;
      this.#skip[j] = (this.#skipHash[i]! % (m - 1)) + 1;
      this.#count[j] = 0;
    }
    fill(table, m, k, maxW, {
      weight: this.#weight,
      value: this.#value,
      pos: this.#pos,
      skip: this.#skip,
      count: this.#count,
      taken: this.#taken,
      claimers: this.#claimers,
      inverse: this.#inverse,
      free: this.#free,
    });
    this.#use(next, this.#before);
  }

  /** Makes `built` the current table and `before` the one before it. */
  #use(built: Built, before: Built): void {
    this.#built = built;
    this.#before = before;
    this.#table = built.table;
    this.#m = built.m;
  }

  /** Notes in `built` the list its table is being built from. */
  #record(built: Built, targets: readonly PickerTarget[]): void {
    const n = targets.length;
    built.ids.length = n;
    built.weights.length = n;
    for (let i = 0; i < n; i++) {
      built.ids[i] = targets[i]!.id;
      built.weights[i] = targets[i]!.weight;
    }
  }

  /** Brings the per-index id hashes up to date, hashing only ids that are new at their index. */
  #hashIds(targets: readonly PickerTarget[]): void {
    const n = targets.length;
    if (this.#offsetHash.length < n) {
      const grown = Math.max(n, 2 * this.#offsetHash.length);
      const offset = new Float64Array(grown);
      const skip = new Float64Array(grown);
      offset.set(this.#offsetHash);
      skip.set(this.#skipHash);
      this.#offsetHash = offset;
      this.#skipHash = skip;
    }
    const ids = this.#ids;
    for (let i = 0; i < n; i++) {
      const id = targets[i]!.id;
      if (ids[i] === id) continue;
      ids[i] = id;
      this.#offsetHash[i] = hashId(id, MAGLEV_OFFSET_SEED);
      this.#skipHash[i] = hashId(id, MAGLEV_SKIP_SEED);
    }
    ids.length = n;
  }

  /** Whether `order` is already in id order (the usual case: the same list as last time). */
  #sorted(targets: readonly PickerTarget[], order: readonly number[]): boolean {
    for (let j = 1; j < order.length; j++) {
      if (compareIds(targets[order[j - 1]!]!.id, targets[order[j]!]!.id) > 0) return false;
    }
    return true;
  }

  /** Ignored: Maglev keeps no per-connection state. */
  connectionOpened(_index: number): void {
    // Nothing to count: no per-connection state.
  }

  /** Ignored: Maglev keeps no per-connection state. */
  connectionClosed(_index: number): void {
    // Nothing to count: no per-connection state.
  }
}

/**
 * A table of `m` slots wide enough for `n` targets in `built`, reusing its buffer if it fits (not
 * zeroed: the fill writes every slot).
 */
function tableFor(built: Built, m: number, n: number): Uint16Array | Uint32Array {
  const wide = n > 0xffff;
  const t = built.table;
  if (t.length === m && t instanceof Uint32Array === wide) return t;
  built.table = wide ? new Uint32Array(m) : new Uint16Array(m);
  return built.table;
}

/** Orders ids by UTF-16 code units, like `Array.prototype.sort` without a comparator. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
