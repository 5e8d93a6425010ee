/**
 * Source-address hash over a static weighted bucket table, after IPVS `sh`
 * (net/netfilter/ipvs/ip_vs_sh.c, `ip_vs_sh_reassign`): the targets are laid out in list order,
 * each taking `weight` consecutive buckets per pass, and passes repeat until the table is full; a
 * key is looked up by the top bits of its 32-bit hash (as the kernel's `hash_32`).
 *
 * Differences from the kernel, on purpose:
 * - Table size. The kernel has 256 buckets (IP_VS_SH_TAB_BITS 8), far too few for 100 targets of
 *   weight up to 100. Here the weights are first divided by their gcd g (S = sum / g buckets per
 *   pass) and the table has 2^bits buckets with 2^bits ≥ 100·S (at least 2^8, at most 2^22). A
 *   pass is cut short only at the end of the table, so every target's bucket share differs from
 *   its weight share by less than S / 2^bits of it: under 1% relative while 100·S ≤ 2^22, i.e.
 *   S ≤ 41 943 (always, for the product's limit of 100 targets). Pass `tableBits` to override.
 * - Weight-0 targets take no buckets (the kernel gives a weight-0 server one bucket per pass and
 *   rejects it at lookup).
 * - The key: the pipeline hashes the client address with lbsim's mixer, not the kernel's
 *   multiplicative `hash_32(addr + port)`; this picker only reads the top bits of the hash given.
 *
 * Complexity: build/update O(2^bits + n) — one pass is written, then copied forward in doubling
 * memmoves (weights 1..100: 10 targets 2^16 buckets 0.1 ms, 100 targets 2^19 0.9 ms, 1000 targets
 * 2^22 3.6 ms); pick O(1), one shift and one Int32Array read, no allocation; memory 4·2^bits bytes.
 * Determinism: the table depends only on the target order and weights. Stickiness breaks when the
 * set of targets or a weight changes (the table is static and rebuilt whole), as the reference
 * product documents.
 */
import { NO_TARGET, type Picker, type PickerTarget } from './picker.js';
import { checkPickerTargets, ERR_PICKER_OPTION } from './check-targets.js';
import { LbsimRangeError } from '../errors.js';
import { gcd } from './gcd.js';
import { hashKey } from '../hash/hash-key.js';

/** Smallest table: the kernel's 256 buckets. */
export const MIN_TABLE_BITS = 8;
/** Largest automatic table: 2^22 buckets (16 MiB). */
export const MAX_TABLE_BITS = 22;
/** Largest table accepted through `tableBits`: 2^24 buckets (64 MiB). */
export const MAX_EXPLICIT_TABLE_BITS = 24;
/** Passes per table the automatic size aims for: shares within 1 / BUCKET_PASSES of the weights. */
export const BUCKET_PASSES = 100;

/** Options of {@link IpHashPicker}. */
export interface IpHashOptions {
  /**
   * log2 of the number of buckets, 1..24.
   * @defaultValue the smallest bits with 2^bits ≥ 100 · (sum of weights / their gcd), clamped to
   *   8..22
   */
  readonly tableBits?: number;
}

/**
 * The table bits the automatic rule picks for these weights: 2^bits ≥ 100 · S with S the weight
 * sum divided by the weights' gcd, clamped to `MIN_TABLE_BITS..MAX_TABLE_BITS`.
 */
export function defaultTableBits(weights: readonly number[]): number {
  let g = 0;
  let sum = 0;
  for (const w of weights) {
    g = gcd(w, g);
    sum += w;
  }
  const perPass = g === 0 ? 0 : sum / g;
  let bits = MIN_TABLE_BITS;
  while (bits < MAX_TABLE_BITS && 2 ** bits < BUCKET_PASSES * perPass) bits++;
  return bits;
}

/** IPVS-style source hashing over a static weighted bucket table; see the file banner. */
export class IpHashPicker implements Picker {
  /** Always `'ip-hash'`. */
  readonly algorithm = 'ip-hash' as const;

  readonly #fixedBits: number | undefined;
  #size = 0;
  #ids: string[] = [];
  #weights: Int32Array = new Int32Array(0);
  #table: Int32Array = new Int32Array(1 << MIN_TABLE_BITS).fill(NO_TARGET);
  #shift = 32 - MIN_TABLE_BITS;

  /**
   * @param targets - the targets, laid out in this order.
   * @param options - see {@link IpHashOptions}.
   * @throws RangeError naming the target when a weight is not an integer in 0..100, or when
   *   `tableBits` is not an integer in 1..24.
   */
  constructor(targets: readonly PickerTarget[], options: IpHashOptions = {}) {
    const bits = options.tableBits;
    if (
      bits !== undefined &&
      (!Number.isInteger(bits) || bits < 1 || bits > MAX_EXPLICIT_TABLE_BITS)
    ) {
      throw new LbsimRangeError(
        ERR_PICKER_OPTION,
        `ip-hash: tableBits must be an integer in 1..${MAX_EXPLICIT_TABLE_BITS}, got ${String(bits)}`,
      );
    }
    this.#fixedBits = bits;
    this.#build(checkPickerTargets('ip-hash', targets));
  }

  /** Number of targets, weight-0 ones included. */
  get size(): number {
    return this.#size;
  }

  /** Number of buckets in the table (a power of two). */
  get tableSize(): number {
    return this.#table.length;
  }

  /** The choice for a raw client key: `pick(hashKey(key))`. */
  pickKey(key: string): number {
    return this.pick(hashKey(key));
  }

  /** The target owning the bucket of `hash`'s top bits, or `NO_TARGET`. O(1). */
  pick(hash: number): number {
    return this.#table[hash >>> this.#shift]!;
  }

  /**
   * Replaces the targets. Same ids and weights in the same order: nothing changes. Otherwise the
   * table is rebuilt, O(table size): keys move wherever the layout shifted.
   */
  update(targets: readonly PickerTarget[]): void {
    checkPickerTargets('ip-hash', targets);
    if (
      targets.length === this.#size &&
      targets.every((t, i) => t.id === this.#ids[i] && t.weight === this.#weights[i])
    ) {
      return;
    }
    this.#build(targets);
  }

  /** Ignored: source hashing does not count connections. */
  connectionOpened(index: number): void;
  connectionOpened(): void {
    // The table is static.
  }

  /** Ignored: source hashing does not count connections. */
  connectionClosed(index: number): void;
  connectionClosed(): void {
    // The table is static.
  }

  #build(targets: readonly PickerTarget[]): void {
    const n = targets.length;
    const weights = Int32Array.from(targets, (t) => t.weight);
    this.#size = n;
    this.#ids = targets.map((t) => t.id);
    this.#weights = weights;

    let g = 0;
    for (let i = 0; i < n; i++) g = gcd(weights[i]!, g);
    const bits = this.#fixedBits ?? defaultTableBits(Array.from(weights));
    const size = 2 ** bits;
    const table = this.#table.length === size ? this.#table : new Int32Array(size);
    if (g === 0) {
      table.fill(NO_TARGET);
    } else {
      // One pass: every target's weight / g consecutive buckets, in list order.
      let passLength = 0;
      for (let i = 0; i < n; i++) passLength += weights[i]! / g;
      const firstPass = Math.min(passLength, size);
      let b = 0;
      for (let i = 0; i < n && b < firstPass; i++) {
        const end = Math.min(b + weights[i]! / g, firstPass);
        table.fill(i, b, end);
        b = end;
      }
      // Later passes repeat the first. `filled` stays a multiple of the pass length, so copying
      // from bucket 0 continues the pattern; doubling makes this O(size) memmoves.
      for (let filled = firstPass; filled < size;) {
        const chunk = Math.min(filled, size - filled);
        table.copyWithin(filled, 0, chunk);
        filled += chunk;
      }
    }
    this.#table = table;
    this.#shift = 32 - bits;
  }
}
