/**
 * HAProxy's `balance source` / `balance hdr(<name>)` with `hash-type map-based` (the default):
 * a server map of `tot_weight` cells indexed by `hash % tot_weight`, as HAProxy 2.6 builds it.
 *
 * Reference: HAProxy 2.6 src/lb_map.c (`init_server_map`, `recalc_server_map`,
 * `map_get_server_hash`, `map_get_server_rr`) and src/backend.c (`get_server_sh`,
 * `get_server_hh`). Weights are divided by their GCD at configuration time (`wmult`), so a server
 * of weight w owns ⌈w / gcd⌉ cells; cells are dealt in turn to the server whose running score
 * (+weight per cell, −total when served) is highest, earlier servers first on ties. Addresses are
 * hashed as `balance source` does (32-bit words XORed), other keys by the configured function.
 * `update()` with the same servers applies `set weight`; this algorithm is static in HAProxy, so
 * the runtime API only takes 0 (out of the map) or the configured weight. Any other change is
 * treated as a reload.
 *
 * Complexity: pick O(1) (one modulo); pickKey O(key length); build O(tot_weight × n); memory
 * O(Σ weights). No allocation per pick. Determinism: the map depends only on the target list (and
 * the configured weights kept across runtime changes). A key's server is sticky while the targets
 * are unchanged; any change of the total weight reshuffles most keys (modulo hashing).
 */
import { NO_TARGET } from '../picker.js';
import type { DialectPicker, DialectTarget } from './dialect-picker.js';
import {
  haproxyKeyHash,
  resolveHashType,
  type HaproxyHashOptions,
  type HaproxyHashType,
  fullHash,
} from './haproxy-hash-functions.js';
import { checkHaproxyTargets, copyTargets, sameServers } from './haproxy-targets.js';

const MODULE = 'haproxy-hash';

/** Options of `HaproxyHashPicker`: the `hash-type map-based [<function> [avalanche]]` line. */
export type HaproxyHashPickerOptions = HaproxyHashOptions;

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/** HAProxy's map-based hashing (`balance source`, `balance hdr(...)`). */
export class HaproxyHashPicker implements DialectPicker {
  /** Always `'haproxy-hash'`. */
  readonly algorithm = 'haproxy-hash' as const;
  /** The resolved hash function and modifier. */
  readonly hashType: HaproxyHashType;
  private targets: DialectTarget[] = [];
  private configured: Int32Array = new Int32Array(0);
  private wmult = 1;
  private map: Int32Array = new Int32Array(0);
  private totWeight = 0;
  private usable = 0;
  private rrIndex = 0;

  /** Builds the map as HAProxy starts with `targets` as its `server` lines. */
  constructor(targets: readonly DialectTarget[], options?: HaproxyHashPickerOptions) {
    this.hashType = resolveHashType(MODULE, false, options);
    this.reload(targets);
  }

  /** Number of targets (indices refer to the latest list). */
  get size(): number {
    return this.targets.length;
  }

  /**
   * The server for a client at IPv4 `address` (a 32-bit number), hashed as `balance source` hashes
   * it: the address word, then avalanche if configured. Equals `pickKey` of its dotted quad.
   */
  pick(address: number): number {
    if (this.totWeight === 0) return NO_TARGET;
    if (this.usable === 1) return this.pickHash(0);
    const h = address >>> 0;
    return this.pickHash(this.hashType.avalanche ? fullHash(h) : h);
  }

  /** The server for an already-computed 32-bit HAProxy hash (after any avalanche): map[hash % total]. */
  pickHash(hash: number): number {
    if (this.totWeight === 0) return NO_TARGET;
    return this.map[(hash >>> 0) % this.totWeight]!;
  }

  /**
   * The server for a raw key: an IPv4/IPv6 literal as `balance source`, any other string as
   * `balance hdr(...)`. An empty key is a missing header: HAProxy falls back to round robin over
   * the map.
   */
  pickKey(key: string): number {
    if (this.totWeight === 0) return NO_TARGET;
    // With one server up HAProxy neither hashes nor reads the header: it looks up hash 0.
    if (this.usable === 1) return this.map[0]!;
    if (key === '') {
      if (this.rrIndex < 0 || this.rrIndex >= this.totWeight) this.rrIndex = 0;
      return this.map[this.rrIndex++]!;
    }
    return this.pickHash(haproxyKeyHash(key, this.hashType));
  }

  /**
   * A runtime change (same servers in the same order, each weight 0 or its configured weight:
   * `set weight`) or a reload (anything else: new configured weights, new GCD, servers renumbered).
   */
  update(targets: readonly DialectTarget[]): void {
    checkHaproxyTargets(MODULE, targets);
    let runtime = sameServers(this.targets, targets);
    for (let i = 0; runtime && i < targets.length; i++) {
      const w = targets[i]!.weight;
      if (w !== 0 && w !== this.configured[i]) runtime = false;
    }
    if (!runtime) {
      this.reload(targets);
      return;
    }
    this.targets = copyTargets(targets);
    this.recalc();
  }

  /** Hashing does not count connections. */
  connectionOpened(_index: number): void {
    /* nothing */
  }

  /** Hashing does not count connections. */
  connectionClosed(_index: number): void {
    /* nothing */
  }

  /** init_server_map: the GCD of the configured weights, then the map. */
  private reload(targets: readonly DialectTarget[]): void {
    checkHaproxyTargets(MODULE, targets);
    this.targets = copyTargets(targets);
    this.configured = Int32Array.from(targets, (t) => t.weight);
    let g = 0;
    for (const t of targets) if (t.weight > 0) g = g === 0 ? t.weight : gcd(g, t.weight);
    this.wmult = g === 0 ? 1 : g;
    let cells = 0;
    for (const t of targets) cells += Math.ceil(t.weight / this.wmult);
    this.map = new Int32Array(Math.max(cells, 1));
    this.rrIndex = 0;
    this.recalc();
  }

  /** recalc_server_map: deal `tot_weight` cells by running scores. */
  private recalc(): void {
    const n = this.targets.length;
    const ew = new Int32Array(n);
    let tot = 0;
    for (let i = 0; i < n; i++) {
      ew[i] = Math.ceil(this.targets[i]!.weight / this.wmult);
      tot += ew[i]!;
    }
    this.totWeight = tot;
    this.usable = 0;
    for (let i = 0; i < n; i++) if (ew[i]! > 0) this.usable++;
    if (tot === 0) return;
    // Scores are unsigned 32-bit in HAProxy; a Uint32Array wraps them the same way.
    const score = new Uint32Array(n);
    for (let o = 0; o < tot; o++) {
      let best = -1;
      let max = 0;
      for (let i = 0; i < n; i++) {
        if (ew[i] === 0) continue;
        if (tot === 1) {
          best = i;
          break;
        }
        score[i] = score[i]! + ew[i]!;
        const v = Math.floor(((score[i]! + tot) >>> 0) / tot);
        if (best < 0 || v > max) {
          max = v;
          best = i;
        }
      }
      this.map[o] = best;
      if (best >= 0 && tot !== 1) score[best] = score[best]! - tot;
    }
  }
}

/** Builds a `HaproxyHashPicker` (HAProxy `balance source` / `hdr(...)`, `hash-type map-based`). */
export function createHaproxyHashPicker(
  targets: readonly DialectTarget[],
  options?: HaproxyHashPickerOptions,
): DialectPicker {
  return new HaproxyHashPicker(targets, options);
}
