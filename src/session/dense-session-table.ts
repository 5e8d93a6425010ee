/**
 * Session persistence for numbered clients: key → target slot with an idle timeout, where the keys
 * are a known range `keyBase .. keyBase + keys - 1` (the clients' consecutive addresses), so a
 * session lives at the key's own index and no hashing, probing, sweeping or rebuilding is needed.
 * Same semantics as `SessionTable` (`session-table.ts`): a session is live while
 * `nowMs - lastUseMs < timeoutMs`; an expired one is removed and counted in `expired` when met.
 *
 * Layout: 16 bytes per key in one ArrayBuffer, so a lookup touches one cache line: word 0 of a
 * Uint32Array holds target + 1 (0: no session), word 1 a value its owner keeps per key beside the
 * session (the pool: the target the key's last request went to, whatever became of its session),
 * the second half of a Float64Array the last use. `prefetch` reads keys' records ahead of their
 * requests, so that their cache misses overlap instead of following one another.
 * The table is allocated whole up front and never grows.
 *
 * Complexity: touch/peek/set/delete O(1), one memory access; dropTarget/countByTarget/forEachLive/
 * prune O(keys). Memory: 16 bytes per key, whatever the number of live sessions.
 * Determinism: no randomness and no ambient time; iteration is in key order.
 */
import { ERR_SESSION_TABLE } from './session-table.js';
import { LbsimRangeError } from '../errors.js';
import { ExpiryCounts } from './expiry-counts.js';

/** Largest target slot: the stored word is `target + 1`. */
const MAX_TARGET = 0xfffffffe;
/** Most keys a dense table holds (2^28 keys: 4 GiB). */
export const MAX_DENSE_KEYS = 2 ** 28;
/** Bytes per key. */
export const DENSE_BYTES_PER_KEY = 16;

/** Options of a {@link DenseSessionTable}. */
export interface DenseSessionTableOptions {
  /** Idle timeout in simulated milliseconds. */
  readonly timeoutMs: number;
  /** The first key (an unsigned 32-bit integer); keys wrap around at 2^32. */
  readonly keyBase: number;
  /** How many consecutive keys, from `keyBase`. */
  readonly keys: number;
}

/** Sticky sessions of numbered clients: see the file banner. */
export class DenseSessionTable {
  /** Idle timeout in simulated milliseconds. */
  readonly timeoutMs: number;
  readonly #base: number;
  readonly #keys: number;
  /** Per key index i: words[4i] target + 1 (0: none); words[4i+1] the owner's value. */
  readonly #words: Uint32Array;
  /** Per key index i: times[2i+1] last use (same buffer as #words). */
  readonly #times: Float64Array;
  /** What `prefetch` read (kept so that the reads cannot be optimised away). */
  #sink = 0;
  #used = 0;
  readonly #expiries = new ExpiryCounts();

  constructor(options: DenseSessionTableOptions) {
    const { timeoutMs, keyBase, keys } = options;
    if (typeof timeoutMs !== 'number' || !(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
      throw new LbsimRangeError(
        ERR_SESSION_TABLE,
        `dense-session-table: timeoutMs must be a positive finite number, got ${String(timeoutMs)}`,
      );
    }
    if (keyBase >>> 0 !== keyBase) {
      throw new LbsimRangeError(
        ERR_SESSION_TABLE,
        `dense-session-table: keyBase must be an integer in 0..2^32-1, got ${String(keyBase)}`,
      );
    }
    if (!Number.isInteger(keys) || keys < 1 || keys > MAX_DENSE_KEYS) {
      throw new LbsimRangeError(
        ERR_SESSION_TABLE,
        `dense-session-table: keys must be an integer in 1..2^28, got ${String(keys)}`,
      );
    }
    this.timeoutMs = timeoutMs;
    this.#base = keyBase;
    this.#keys = keys;
    const buffer = new ArrayBuffer(keys * DENSE_BYTES_PER_KEY);
    this.#words = new Uint32Array(buffer);
    this.#times = new Float64Array(buffer);
  }

  /** Sessions held: live ones plus expired ones not yet met (`prune` makes it exact). */
  get size(): number {
    return this.#used;
  }

  /** Sessions found expired and removed so far. */
  get expired(): number {
    return this.#expiries.total;
  }

  /** Sessions to `target` found expired and removed so far. */
  expiredFor(target: number): number {
    return this.#expiries.of(target);
  }

  /** The index of `key`, or -1 outside the table's range. */
  #indexOf(key: number): number {
    const i = (key - this.#base) >>> 0;
    return i < this.#keys ? i : -1;
  }

  #countExpired(tag: number): void {
    this.#expiries.count(tag - 1);
  }

  /** Empties index `i`, which holds `tag`, counting it as expired. */
  #expireAt(i: number, tag: number): void {
    this.#words[4 * i] = 0;
    this.#used--;
    this.#countExpired(tag);
  }

  /**
   * The target of `key`'s live session, refreshing its idle timer to `nowMs`; -1 when there is no
   * session or it has expired (an expired session is removed and counted in `expired`).
   */
  touch(key: number, nowMs: number): number {
    const i = (key - this.#base) >>> 0;
    if (i >= this.#keys) return -1;
    const tag = this.#words[4 * i]!;
    if (tag === 0) return -1;
    const times = this.#times;
    if (nowMs - times[2 * i + 1]! >= this.timeoutMs) {
      this.#expireAt(i, tag);
      return -1;
    }
    times[2 * i + 1] = nowMs;
    return tag - 1;
  }

  /** Like {@link DenseSessionTable.touch}, without refreshing the idle timer. */
  peek(key: number, nowMs: number): number {
    const i = this.#indexOf(key);
    if (i < 0) return -1;
    const tag = this.#words[4 * i]!;
    if (tag === 0) return -1;
    if (nowMs - this.#times[2 * i + 1]! >= this.timeoutMs) {
      this.#expireAt(i, tag);
      return -1;
    }
    return tag - 1;
  }

  /**
   * Creates or overwrites `key`'s session so that it goes to `target`, last used at `nowMs`.
   * Overwriting an expired session counts it in `expired`.
   * @throws RangeError (code ERR_SESSION_TABLE) for a key outside the range, a bad target or time
   */
  set(key: number, target: number, nowMs: number): void {
    const i = this.#indexOf(key);
    if (key >>> 0 !== key || i < 0) {
      throw new LbsimRangeError(
        ERR_SESSION_TABLE,
        `dense-session-table: key must be an integer in the table's range, got ${key}`,
      );
    }
    if (target >>> 0 !== target || target > MAX_TARGET) {
      throw new LbsimRangeError(
        ERR_SESSION_TABLE,
        `dense-session-table: target must be an integer in 0..2^32-2, got ${target}`,
      );
    }
    if (!Number.isFinite(nowMs)) {
      throw new LbsimRangeError(
        ERR_SESSION_TABLE,
        `dense-session-table: nowMs must be finite, got ${nowMs}`,
      );
    }
    const words = this.#words;
    const times = this.#times;
    const tag = words[4 * i]!;
    if (tag === 0) this.#used++;
    else if (nowMs - times[2 * i + 1]! >= this.timeoutMs) this.#countExpired(tag);
    words[4 * i] = target + 1;
    times[2 * i + 1] = nowMs;
  }

  /**
   * Removes `key`'s session; true when one was removed. Given `nowMs`, an expired session is
   * removed too but counted in `expired` and answered false; without it, any entry counts as live.
   */
  delete(key: number, nowMs = -Infinity): boolean {
    const i = this.#indexOf(key);
    if (i < 0) return false;
    const tag = this.#words[4 * i]!;
    if (tag === 0) return false;
    if (nowMs - this.#times[2 * i + 1]! >= this.timeoutMs) {
      this.#expireAt(i, tag);
      return false;
    }
    this.#words[4 * i] = 0;
    this.#used--;
    return true;
  }

  /**
   * Drops every live session to `target`; returns how many were live. Expired sessions met on the
   * way are removed too. O(keys).
   */
  dropTarget(target: number, nowMs: number): number {
    if (target >>> 0 !== target || target > MAX_TARGET) return 0;
    const words = this.#words;
    const times = this.#times;
    const tag = target + 1;
    let dropped = 0;
    for (let i = 0; i < this.#keys; i++) {
      const t = words[4 * i]!;
      if (t === 0) continue;
      if (nowMs - times[2 * i + 1]! >= this.timeoutMs) {
        this.#expireAt(i, t);
      } else if (t === tag) {
        words[4 * i] = 0;
        this.#used--;
        dropped++;
      }
    }
    return dropped;
  }

  /** Adds the number of live sessions of each target into `out[target]` (targets beyond `out` are skipped). */
  countByTarget(nowMs: number, out: Uint32Array): void {
    const words = this.#words;
    const times = this.#times;
    for (let i = 0; i < this.#keys; i++) {
      const t = words[4 * i]!;
      if (t !== 0 && t <= out.length && nowMs - times[2 * i + 1]! < this.timeoutMs) out[t - 1]!++;
    }
  }

  /**
   * Calls `fn(key, target)` for each live session, in key order. The live sessions are copied
   * first, so `fn` may modify the table.
   */
  forEachLive(nowMs: number, fn: (key: number, target: number) => void): void {
    const words = this.#words;
    const times = this.#times;
    const indices: number[] = [];
    const targets: number[] = [];
    for (let i = 0; i < this.#keys; i++) {
      const t = words[4 * i]!;
      if (t !== 0 && nowMs - times[2 * i + 1]! < this.timeoutMs) {
        indices.push(i);
        targets.push(t - 1);
      }
    }
    for (let j = 0; j < indices.length; j++) fn((this.#base + indices[j]!) >>> 0, targets[j]!);
  }

  /** Removes every expired session (so `size` is exact); returns how many. O(keys). */
  prune(nowMs: number): number {
    const words = this.#words;
    const times = this.#times;
    const before = this.#expiries.total;
    for (let i = 0; i < this.#keys; i++) {
      const t = words[4 * i]!;
      if (t !== 0 && nowMs - times[2 * i + 1]! >= this.timeoutMs) this.#expireAt(i, t);
    }
    return this.#expiries.total - before;
  }

  /** Removes every session (the `expired` count and the owner's values are kept). */
  clear(): void {
    for (let i = 0; i < this.#keys; i++) this.#words[4 * i] = 0;
    this.#used = 0;
  }

  /**
   * Replaces the owner's value kept beside `key`'s record (a uint32: 0 until set; it outlives the
   * key's sessions) and returns the one it held; outside the table's range nothing is kept and 0
   * is returned. In the cache line `touch` just read.
   */
  replaceKept(key: number, value: number): number {
    const i = (key - this.#base) >>> 0;
    if (i >= this.#keys) return 0;
    const previous = this.#words[4 * i + 1]!;
    this.#words[4 * i + 1] = value;
    return previous;
  }

  /** Reads the records of `keys[0..count)` so that later lookups find them in the cache. */
  prefetch(keys: Uint32Array, count: number): void {
    const words = this.#words;
    let sink = this.#sink;
    for (let k = 0; k < count; k++) {
      const i = (keys[k]! - this.#base) >>> 0;
      if (i < this.#keys) sink ^= words[4 * i]!;
    }
    this.#sink = sink;
  }

  /** Bytes held by the table's arrays. */
  byteSize(): number {
    return this.#words.byteLength;
  }
}
