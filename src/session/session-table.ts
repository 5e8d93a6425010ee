/**
 * Session persistence table: uint32 key (a client's IPv4 for layer 4, a cookie id for layer 7) →
 * target slot, with an idle timeout on a simulated clock. A session is live while
 * `nowMs - lastUseMs < timeoutMs`; every `touch` refreshes `lastUseMs`.
 *
 * Data structure: open addressing with linear probing and backward-shift deletion (Knuth, TAOCP
 * vol. 3, 6.4, Algorithm R), so there are no tombstones. The home slot is murmur3's `fmix32` of the
 * key masked to a power-of-two capacity. Each slot is 16 bytes of one ArrayBuffer, seen through two
 * views so that a probe touches one cache line: words 0 (key) and 1 (target + 1; 0 marks an empty
 * slot) of a Uint32Array, and the last-use time as the second half of a Float64Array.
 *
 * Expiry, O(1) amortised: lazily, when a lookup meets an expired entry; incrementally, as each
 * `set` examines SWEEP_STEPS slots from a moving cursor and removes the expired ones (Redis's
 * active expiry, without the randomness); and wholesale, because a table that reaches its load
 * limit is rebuilt without its expired entries, at the same capacity (or smaller) when that
 * suffices and doubled otherwise. So memory tracks the live sessions, not the sessions ever seen.
 *
 * Complexity: touch/peek/set/delete O(1) expected (load factor at most 0.75, and 0.25 to 0.5 right
 * after a rebuild); dropTarget/countByTarget/forEachLive/prune O(capacity). Memory: 16 bytes per slot,
 * 21 to 64 bytes per stored session (33.6 at 10^6 sessions: 2^21 slots, 32 MiB). Measured by
 * bench/session.bench.ts: touch hit about 10 ns at 10^5 sessions and 20 ns at 10^6; a new session
 * (touch miss + set) about 110 and 170 ns, in steady churn where up to a quarter of the entries are
 * expired ones awaiting the sweep (`size` counts them; `prune` makes it exact).
 * Determinism: no randomness and no ambient time; the same operations give the same layout,
 * answers and iteration order.
 */
import { LbsimRangeError } from '../errors.js';
import { ExpiryCounts } from './expiry-counts.js';

/** Code of the argument errors a {@link SessionTable} throws (they are `RangeError`s). */
export const ERR_SESSION_TABLE = 'ERR_SESSION_TABLE';

/** Load factor at which the table is rebuilt. */
const MAX_LOAD = 0.75;
/** Slots each `set` examines for expired entries. */
const SWEEP_STEPS = 4;
/** Most a rebuild leaves the load factor at, so the next rebuild is Ω(capacity) inserts away. */
const REBUILD_LOAD = 0.5;
/** Smallest capacity (slots). */
const MIN_CAPACITY = 8;
/** Largest target slot: the stored word is `target + 1`. */
const MAX_TARGET = 0xfffffffe;

/** Options of a {@link SessionTable}. */
export interface SessionTableOptions {
  /** Idle timeout in simulated milliseconds: a session ends this long after its last request. */
  timeoutMs: number;
  /**
   * Sessions to make room for up front (the table never shrinks below this).
   * @defaultValue 0 (a minimal table that grows by doubling)
   */
  initialCapacity?: number;
}

/** Home slot of `key`: murmur3 `fmix32`, inlined here because it runs on every lookup. */
function homeOf(key: number, mask: number): number {
  let h = key | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h & mask;
}

/** The smallest power-of-two capacity that holds `sessions` at a load factor of at most REBUILD_LOAD. */
function capacityFor(sessions: number): number {
  let capacity = MIN_CAPACITY;
  while (sessions > capacity * REBUILD_LOAD) capacity *= 2;
  return capacity;
}

/**
 * Sticky sessions with an idle timeout: key → target slot. See the file banner for the structure.
 * Times are simulated milliseconds passed in by the caller; they should not go backwards.
 */
export class SessionTable {
  /** Idle timeout in simulated milliseconds. */
  readonly timeoutMs: number;

  /** Per slot i: words[4i] key, words[4i+1] target + 1 (0: empty). */
  #words: Uint32Array;
  /** Per slot i: times[2i+1] last use (same buffer as #words). */
  #times: Float64Array;
  #mask: number;
  /** Occupied slots, live or expired-but-not-yet-removed. */
  #used = 0;
  /** Rebuild when #used would exceed this. */
  #limit: number;
  #minCapacity: number;
  #cursor = 0;
  /** Expired sessions, in all and per target. */
  readonly #expiries = new ExpiryCounts();

  constructor(options: SessionTableOptions) {
    const { timeoutMs, initialCapacity = 0 } = options;
    if (typeof timeoutMs !== 'number' || !(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
      throw new LbsimRangeError(
        ERR_SESSION_TABLE,
        `session-table: timeoutMs must be a positive finite number, got ${String(timeoutMs)}`,
      );
    }
    if (!Number.isInteger(initialCapacity) || initialCapacity < 0 || initialCapacity > 2 ** 28) {
      throw new LbsimRangeError(
        ERR_SESSION_TABLE,
        `session-table: initialCapacity must be an integer in 0..2^28, got ${String(initialCapacity)}`,
      );
    }
    this.timeoutMs = timeoutMs;
    let capacity = MIN_CAPACITY;
    while (initialCapacity > capacity * MAX_LOAD) capacity *= 2;
    this.#minCapacity = capacity;
    const buffer = new ArrayBuffer(capacity * 16);
    this.#words = new Uint32Array(buffer);
    this.#times = new Float64Array(buffer);
    this.#mask = capacity - 1;
    this.#limit = Math.floor(capacity * MAX_LOAD);
  }

  /**
   * Sessions held: the live ones plus expired ones not yet removed (expired entries are removed
   * lazily and by a sweep, so they may linger a while). Call {@link SessionTable.prune} first for
   * an exact live count.
   */
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

  /** Counts an expired entry whose stored tag (target + 1) is `tag`. */
  #countExpired(tag: number): void {
    this.#expiries.count(tag - 1);
  }

  /** Slots in the table (a power of two). */
  get capacity(): number {
    return this.#mask + 1;
  }

  /**
   * The target of `key`'s live session, refreshing its idle timer to `nowMs`; -1 when there is no
   * session or it has expired (an expired entry is removed and counted in `expired`).
   */
  touch(key: number, nowMs: number): number {
    const words = this.#words;
    const mask = this.#mask;
    for (let i = homeOf(key, mask); ; i = (i + 1) & mask) {
      const tag = words[4 * i + 1]!;
      if (tag === 0) return -1;
      if (words[4 * i] === key) {
        const times = this.#times;
        if (nowMs - times[2 * i + 1]! >= this.timeoutMs) {
          this.#removeAt(i);
          this.#countExpired(tag);
          return -1;
        }
        times[2 * i + 1] = nowMs;
        return tag - 1;
      }
    }
  }

  /** Like {@link SessionTable.touch}, without refreshing the idle timer. */
  peek(key: number, nowMs: number): number {
    const words = this.#words;
    const mask = this.#mask;
    for (let i = homeOf(key, mask); ; i = (i + 1) & mask) {
      const tag = words[4 * i + 1]!;
      if (tag === 0) return -1;
      if (words[4 * i] === key) {
        if (nowMs - this.#times[2 * i + 1]! >= this.timeoutMs) {
          this.#removeAt(i);
          this.#countExpired(tag);
          return -1;
        }
        return tag - 1;
      }
    }
  }

  /**
   * Creates or overwrites `key`'s session so that it goes to `target`, last used at `nowMs`.
   * Overwriting an expired session counts it in `expired`.
   * @param key - an unsigned 32-bit integer
   * @param target - a target slot, an integer in 0..2^32-2
   * @param nowMs - a finite simulated time
   */
  set(key: number, target: number, nowMs: number): void {
    if (key >>> 0 !== key) {
      throw new LbsimRangeError(
        ERR_SESSION_TABLE,
        `session-table: key must be an integer in 0..2^32-1, got ${key}`,
      );
    }
    if (target >>> 0 !== target || target > MAX_TARGET) {
      throw new LbsimRangeError(
        ERR_SESSION_TABLE,
        `session-table: target must be an integer in 0..2^32-2, got ${target}`,
      );
    }
    if (!Number.isFinite(nowMs)) {
      throw new LbsimRangeError(
        ERR_SESSION_TABLE,
        `session-table: nowMs must be finite, got ${nowMs}`,
      );
    }
    this.#sweep(nowMs);
    let words = this.#words;
    let mask = this.#mask;
    let i = homeOf(key, mask);
    for (; words[4 * i + 1] !== 0; i = (i + 1) & mask) {
      if (words[4 * i] === key) {
        if (nowMs - this.#times[2 * i + 1]! >= this.timeoutMs)
          this.#countExpired(words[4 * i + 1]!);
        words[4 * i + 1] = target + 1;
        this.#times[2 * i + 1] = nowMs;
        return;
      }
    }
    if (this.#used >= this.#limit) {
      this.#rebuild(nowMs);
      words = this.#words;
      mask = this.#mask;
      i = homeOf(key, mask);
      while (words[4 * i + 1] !== 0) i = (i + 1) & mask;
    }
    words[4 * i] = key;
    words[4 * i + 1] = target + 1;
    this.#times[2 * i + 1] = nowMs;
    this.#used++;
  }

  /**
   * Removes `key`'s session; true when one was removed. Given `nowMs`, an expired session is
   * removed too but counted in `expired` and answered false; without it, any entry counts as live.
   */
  delete(key: number, nowMs = -Infinity): boolean {
    const words = this.#words;
    const mask = this.#mask;
    for (let i = homeOf(key, mask); words[4 * i + 1] !== 0; i = (i + 1) & mask) {
      if (words[4 * i] === key) {
        const wasLive = !(nowMs - this.#times[2 * i + 1]! >= this.timeoutMs);
        const tag = words[4 * i + 1]!;
        this.#removeAt(i);
        if (!wasLive) this.#countExpired(tag);
        return wasLive;
      }
    }
    return false;
  }

  /**
   * Drops every live session to `target` (the target was unbound); returns how many were live.
   * Expired entries met on the way are removed too. O(capacity).
   */
  dropTarget(target: number, nowMs: number): number {
    const words = this.#words;
    const times = this.#times;
    const capacity = this.#mask + 1;
    if (target >>> 0 !== target || target > MAX_TARGET) return 0;
    const tag = target + 1;
    let dropped = 0;
    // A removal shifts later entries of the probe run back into slot i, so slot i is examined
    // again; an entry only ever moves to an already-examined slot through the wrap at the end,
    // and then it has been examined once already.
    for (let i = 0; i < capacity;) {
      const t = words[4 * i + 1]!;
      if (t !== 0 && nowMs - times[2 * i + 1]! >= this.timeoutMs) {
        this.#removeAt(i);
        this.#countExpired(t);
      } else if (t === tag) {
        this.#removeAt(i);
        dropped++;
      } else {
        i++;
      }
    }
    return dropped;
  }

  /** Adds the number of live sessions of each target into `out[target]` (targets beyond `out` are skipped). */
  countByTarget(nowMs: number, out: Uint32Array): void {
    const words = this.#words;
    const times = this.#times;
    const capacity = this.#mask + 1;
    for (let i = 0; i < capacity; i++) {
      const t = words[4 * i + 1]!;
      if (t !== 0 && t <= out.length && nowMs - times[2 * i + 1]! < this.timeoutMs) out[t - 1]!++;
    }
  }

  /**
   * Calls `fn(key, target)` for each live session, in slot order (deterministic, not meaningful).
   * The live sessions are copied first, so `fn` may modify the table.
   */
  forEachLive(nowMs: number, fn: (key: number, target: number) => void): void {
    const words = this.#words;
    const times = this.#times;
    const capacity = this.#mask + 1;
    const keys: number[] = [];
    const targets: number[] = [];
    for (let i = 0; i < capacity; i++) {
      const t = words[4 * i + 1]!;
      if (t !== 0 && nowMs - times[2 * i + 1]! < this.timeoutMs) {
        keys.push(words[4 * i]!);
        targets.push(t - 1);
      }
    }
    for (let j = 0; j < keys.length; j++) fn(keys[j]!, targets[j]!);
  }

  /** Removes every expired entry (so `size` is exact); returns how many. O(capacity). */
  prune(nowMs: number): number {
    const words = this.#words;
    const times = this.#times;
    const capacity = this.#mask + 1;
    const before = this.#expiries.total;
    for (let i = 0; i < capacity;) {
      if (words[4 * i + 1] !== 0 && nowMs - times[2 * i + 1]! >= this.timeoutMs) {
        this.#countExpired(words[4 * i + 1]!);
        this.#removeAt(i);
      } else {
        i++;
      }
    }
    return this.#expiries.total - before;
  }

  /** Removes every session (the `expired` count is kept). */
  clear(): void {
    this.#words.fill(0);
    this.#used = 0;
    this.#cursor = 0;
  }

  /** Bytes held by the table's arrays. */
  byteSize(): number {
    return this.#words.byteLength;
  }

  /** Examines a few slots from the cursor and removes the expired entries (Redis-style). */
  #sweep(nowMs: number): void {
    const words = this.#words;
    const times = this.#times;
    const mask = this.#mask;
    let i = this.#cursor;
    for (let steps = SWEEP_STEPS; steps > 0; steps--) {
      if (words[4 * i + 1] !== 0 && nowMs - times[2 * i + 1]! >= this.timeoutMs) {
        // The run's next entry may shift into slot i: look at i again on the next step.
        this.#countExpired(words[4 * i + 1]!);
        this.#removeAt(i);
      } else {
        i = (i + 1) & mask;
      }
    }
    this.#cursor = i;
  }

  /** Empties slot `i`, shifting later entries of its probe run back (no tombstones). */
  #removeAt(i: number): void {
    const words = this.#words;
    const times = this.#times;
    const mask = this.#mask;
    let hole = i;
    for (let j = (i + 1) & mask; words[4 * j + 1] !== 0; j = (j + 1) & mask) {
      const home = homeOf(words[4 * j]!, mask);
      // The entry at j may fill the hole unless its home lies cyclically in (hole, j].
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        words[4 * hole] = words[4 * j]!;
        words[4 * hole + 1] = words[4 * j + 1]!;
        times[2 * hole + 1] = times[2 * j + 1]!;
        hole = j;
      }
    }
    words[4 * hole + 1] = 0;
    this.#used--;
  }

  /**
   * Rebuilds the table without its expired entries, at the smallest capacity the live ones fill to
   * at most REBUILD_LOAD: the same, doubled, or shrunk (never below the initial capacity). Each
   * rebuild leaves room for at least a quarter of the capacity in inserts before the next, so its
   * O(capacity) cost is amortised O(1) per insert.
   */
  #rebuild(nowMs: number): void {
    const oldWords = this.#words;
    const oldTimes = this.#times;
    const oldCapacity = this.#mask + 1;
    let live = 0;
    for (let i = 0; i < oldCapacity; i++) {
      if (oldWords[4 * i + 1] !== 0 && nowMs - oldTimes[2 * i + 1]! < this.timeoutMs) live++;
    }
    // +1: the insert that triggered the rebuild.
    const capacity = Math.max(this.#minCapacity, capacityFor(live + 1));
    const buffer = new ArrayBuffer(capacity * 16);
    const words = new Uint32Array(buffer);
    const times = new Float64Array(buffer);
    const mask = capacity - 1;
    for (let i = 0; i < oldCapacity; i++) {
      if (oldWords[4 * i + 1] === 0) continue;
      if (nowMs - oldTimes[2 * i + 1]! >= this.timeoutMs) {
        this.#countExpired(oldWords[4 * i + 1]!);
        continue;
      }
      const key = oldWords[4 * i]!;
      let j = homeOf(key, mask);
      while (words[4 * j + 1] !== 0) j = (j + 1) & mask;
      words[4 * j] = key;
      words[4 * j + 1] = oldWords[4 * i + 1]!;
      times[2 * j + 1] = oldTimes[2 * i + 1]!;
    }
    this.#words = words;
    this.#times = times;
    this.#mask = mask;
    this.#limit = Math.floor(capacity * MAX_LOAD);
    this.#used = live;
    this.#cursor = 0;
  }
}
