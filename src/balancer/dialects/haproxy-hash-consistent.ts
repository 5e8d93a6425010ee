/**
 * HAProxy's `balance source` / `balance hdr(<name>)` with `hash-type consistent`: a ring of
 * `16 × weight` points per server, the key going to the nearer of the points around its hash.
 *
 * Reference: HAProxy 2.6 src/lb_chash.c (`chash_init_server_tree`, `chash_queue_dequeue_srv`,
 * `chash_get_server_hash`, `chash_get_next_server`) and src/backend.c. Server `puid`'s point j
 * (0 <= j < 16 × weight) sits at `full_hash(puid × 4096 + j)`; `full_hash` is a bijection of
 * 32-bit integers, so points never collide. A hash takes the first point at or after it (wrapping
 * to the first) and the point before that one (wrapping to the last), and goes to the one at the
 * smaller unsigned distance, the earlier point on a tie. The default key hash is sdbm followed by
 * avalanche; `hash-balance-factor` (bounded loads) is not modelled (HAProxy's default, 0, is off).
 * Runtime weight changes add or remove a server's last points, which leaves exactly the ring a
 * fresh build gives, so `update()` rebuilds; a reload renumbers servers and so moves their points.
 *
 * Complexity: pick O(log P) (binary search over P = 16 × Σ weights points); build O(P log P);
 * memory 8 bytes a point. No allocation per pick. Determinism: the ring depends only on the
 * (server id, weight) pairs; a key's server is sticky while they are unchanged, and a change of
 * one server's weight moves only keys to or from that server.
 */
import { NO_TARGET } from '../picker.js';
import type { DialectPicker, DialectTarget } from './dialect-picker.js';
import {
  fullHash,
  haproxyKeyHash,
  resolveHashType,
  type HaproxyHashOptions,
  type HaproxyHashType,
} from './haproxy-hash-functions.js';
import {
  BE_WEIGHT_SCALE,
  SRV_EWGHT_MAX,
  checkHaproxyTargets,
  copyTargets,
  sameServers,
} from './haproxy-targets.js';

const MODULE = 'haproxy-hash-consistent';
const OWNER_SPAN = 2 ** 20;

/** Options of `HaproxyHashConsistentPicker`: `hash-type consistent [<function> [avalanche]]`. */
export type HaproxyHashConsistentPickerOptions = HaproxyHashOptions;

/** HAProxy's consistent hashing (`hash-type consistent`). */
export class HaproxyHashConsistentPicker implements DialectPicker {
  /** Always `'haproxy-hash-consistent'`. */
  readonly algorithm = 'haproxy-hash-consistent' as const;
  /** The resolved hash function and modifier. */
  readonly hashType: HaproxyHashType;
  private targets: DialectTarget[] = [];
  private keys: Uint32Array = new Uint32Array(0);
  private owners: Int32Array = new Int32Array(0);
  private usable = 0;
  /** Ring index of the point the empty-key round robin last used, -1 for none. */
  private last = -1;

  /** Builds the ring as HAProxy starts with `targets` as its `server` lines. */
  constructor(targets: readonly DialectTarget[], options?: HaproxyHashConsistentPickerOptions) {
    this.hashType = resolveHashType(MODULE, true, options);
    this.build(targets);
  }

  /** Number of targets (indices refer to the latest list). */
  get size(): number {
    return this.targets.length;
  }

  /** Number of points on the ring (16 × the sum of the weights). */
  get points(): number {
    return this.keys.length;
  }

  /**
   * The server for a client at IPv4 `address` (a 32-bit number), hashed as `balance source` hashes
   * it: the address word, then avalanche if configured. Equals `pickKey` of its dotted quad.
   */
  pick(address: number): number {
    if (this.keys.length === 0) return NO_TARGET;
    if (this.usable === 1) return this.pickHash(0);
    const h = address >>> 0;
    return this.pickHash(this.hashType.avalanche ? fullHash(h) : h);
  }

  /** The server for an already-computed 32-bit HAProxy hash (after any avalanche). */
  pickHash(hash: number): number {
    const keys = this.keys;
    const n = keys.length;
    if (n === 0) return NO_TARGET;
    const h = hash >>> 0;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! < h) lo = mid + 1;
      else hi = mid;
    }
    const next = lo === n ? 0 : lo;
    const prev = next === 0 ? n - 1 : next - 1;
    const dp = (h - keys[prev]!) >>> 0;
    const dn = (keys[next]! - h) >>> 0;
    return this.owners[dp <= dn ? prev : next]!;
  }

  /**
   * The server for a raw key: an IPv4/IPv6 literal as `balance source`, any other string as
   * `balance hdr(...)`. An empty key is a missing header: HAProxy walks the ring point by point.
   */
  pickKey(key: string): number {
    if (this.keys.length === 0) return NO_TARGET;
    // With one server up HAProxy neither hashes nor reads the header: it looks up hash 0.
    if (this.usable === 1) return this.pickHash(0);
    if (key === '') {
      this.last = this.last + 1 >= this.keys.length ? 0 : this.last + 1;
      return this.owners[this.last]!;
    }
    return this.pickHash(haproxyKeyHash(key, this.hashType));
  }

  /**
   * Rebuilds the ring: the same servers in the same order is a runtime change (`set weight`), any
   * other list a reload (servers renumbered).
   */
  update(targets: readonly DialectTarget[]): void {
    // A reload is a new process: the empty-key walk starts again from the first point.
    const lastKey =
      this.last >= 0 && sameServers(this.targets, targets) ? this.keys[this.last]! : -1;
    this.build(targets);
    // The empty-key walk resumes after its point; a removed point hands over to its successor
    // (chash_skip_node), which the next walk step then passes.
    if (lastKey < 0 || this.keys.length === 0) {
      this.last = -1;
      return;
    }
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid]! < lastKey) lo = mid + 1;
      else hi = mid;
    }
    this.last = lo === this.keys.length ? 0 : lo;
  }

  /** Hashing does not count connections. */
  connectionOpened(_index: number): void {
    /* nothing */
  }

  /** Hashing does not count connections. */
  connectionClosed(_index: number): void {
    /* nothing */
  }

  private build(targets: readonly DialectTarget[]): void {
    const puids = checkHaproxyTargets(MODULE, targets);
    if (targets.length > OWNER_SPAN) {
      throw new RangeError(`${MODULE}: at most ${OWNER_SPAN} targets, got ${targets.length}`);
    }
    this.targets = copyTargets(targets);
    let total = 0;
    this.usable = 0;
    for (const t of targets) {
      total += t.weight * BE_WEIGHT_SCALE;
      if (t.weight > 0) this.usable++;
    }
    // Sort (key, owner) pairs packed as key × 2^20 + owner: exact in a double (< 2^52).
    const packed = new Float64Array(total);
    let k = 0;
    for (let i = 0; i < targets.length; i++) {
      const points = targets[i]!.weight * BE_WEIGHT_SCALE;
      const base = puids[i]! * SRV_EWGHT_MAX;
      for (let j = 0; j < points; j++) packed[k++] = fullHash(base + j) * OWNER_SPAN + i;
    }
    packed.sort();
    this.keys = new Uint32Array(total);
    this.owners = new Int32Array(total);
    for (let p = 0; p < total; p++) {
      const v = packed[p]!;
      const key = Math.floor(v / OWNER_SPAN);
      this.keys[p] = key;
      this.owners[p] = v - key * OWNER_SPAN;
    }
  }
}

/** Builds a `HaproxyHashConsistentPicker` (`hash-type consistent`). */
export function createHaproxyHashConsistentPicker(
  targets: readonly DialectTarget[],
  options?: HaproxyHashConsistentPickerOptions,
): DialectPicker {
  return new HaproxyHashConsistentPicker(targets, options);
}
