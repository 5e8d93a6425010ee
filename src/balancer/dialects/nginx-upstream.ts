/**
 * What every nginx dialect shares: one upstream's peers as ngx_http_upstream_round_robin.c keeps
 * them (configured `weight`, `effective_weight`, `current_weight`, `conns`, `down`, passive
 * checks), the per-request `tried` bitmap and try budget, the smooth weighted round robin that the
 * hash methods fall back to, and what `update` means.
 *
 * Reference: nginx 1.22.1, `ngx_http_upstream_init_round_robin`, `ngx_http_upstream_get_peer`,
 * `ngx_http_upstream_get_round_robin_peer`, `ngx_http_upstream_free_round_robin_peer`.
 * - `total_weight` counts every peer, `down` ones included, with its configured weight.
 * - A request may try each non-down peer once (`peers->tries`); a retry never goes to a peer
 *   already tried for that request. A single-peer upstream never retries and never counts
 *   failures.
 * - A failure lowers `effective_weight` by `weight / max_fails`; each round-robin pass over the
 *   peer gives one back.
 *
 * `update`: a target given weight 0 (or `down: true`) with the same ids in the same order is
 * marked `down` in place: it keeps its configured weight (its last non-zero one), its place in the
 * hash tables and in `total_weight`, and every other counter (`current_weight` included), as
 * nginx's `down` flag behaves when flipped on a live upstream (an upstream `zone` with the API);
 * a non-zero weight back restores it. Anything else (a target added, removed, moved, or given a
 * different non-zero weight) is a reload: every table and counter is rebuilt from the new list as
 * a new nginx worker builds it (`current_weight` 0, passive checks forgotten), except connection
 * counts, which follow the target id so that `connectionClosed` stays balanced for the caller (a
 * new nginx worker starts at 0 and never sees the old worker's connections).
 *
 * Round-robin pick: O(n) as nginx's loop; per-request reset O(n/32); no allocation. Deterministic:
 * no randomness, ties to the earlier peer.
 */
import { checkPickerTargets } from '../check-targets.js';
import { NO_TARGET } from '../picker.js';
import type { DialectName, DialectPicker, DialectTarget } from './dialect-picker.js';
import { NginxPassiveChecks, type NginxPassiveOptions } from './nginx-passive.js';

/** A target of an nginx dialect: `down` marks it as `server ... down` while keeping its weight. */
export interface NginxTarget extends DialectTarget {
  /** `server ... down`: kept in the tables and in `total_weight`, never chosen. */
  readonly down?: boolean;
}

/** Options shared by every nginx dialect picker. */
export interface NginxPickerOptions extends NginxPassiveOptions {
  /**
   * The simulated clock in ms, read once per try to judge passive checks. Without failures
   * reported it does not matter.
   * @defaultValue `() => 0`
   */
  readonly now?: () => number;
}

/** nginx's bound on hash tries before it falls back to round robin. */
export const NGINX_HASH_TRIES = 20;

const zeroClock = (): number => 0;

/**
 * The common part of the nginx dialect pickers; a subclass supplies how a request starts from a
 * key or hash and nginx's `get` function for its method.
 */
export abstract class NginxUpstreamPicker implements DialectPicker {
  abstract readonly algorithm: DialectName;

  protected n = 0;
  protected ids: string[] = [];
  /** Configured weights (a down peer keeps its own). */
  protected weight = new Int32Array(0);
  /** `weight` prefix sums: the walk `w -= weight` of ip_hash and hash as a binary search. */
  protected cumulative = new Float64Array(0);
  protected down = new Uint8Array(0);
  protected effective = new Int32Array(0);
  protected current = new Float64Array(0);
  protected conns = new Int32Array(0);
  protected totalWeight = 0;
  /** Non-down peers: the tries one request may make (`peers->tries`). */
  protected liveCount = 0;
  protected tried = new Uint32Array(0);
  protected attempts = 0;
  protected nowMs = 0;
  protected readonly passive: NginxPassiveChecks;
  readonly #clock: () => number;
  readonly #module: string;

  protected constructor(
    module: string,
    targets: readonly NginxTarget[],
    options: NginxPickerOptions = {},
  ) {
    this.#module = module;
    const clock = options.now ?? zeroClock;
    if (typeof clock !== 'function') {
      throw new TypeError(`${module}: now must be a function, got ${typeof clock}`);
    }
    this.#clock = clock;
    this.passive = new NginxPassiveChecks(0, options);
    this.#load(checkPickerTargets(module, targets), new Map());
  }

  /** Number of targets, down ones included. */
  get size(): number {
    return this.n;
  }

  /** The index for a 32-bit hash; what the number means is the dialect's (see its class). */
  pick(hash: number): number {
    this.#begin();
    this.startHash(hash >>> 0);
    return this.#attempt();
  }

  /** The index for a raw client key, hashed as nginx does; `NO_TARGET` when nginx answers 502. */
  pickKey(key: string): number {
    this.#begin();
    this.startKey(key);
    return this.#attempt();
  }

  /**
   * The next peer for the request begun by the last `pick`/`pickKey`, as `proxy_next_upstream`
   * asks after a failed try: never a peer already tried for it, at most one try per non-down peer
   * (`NO_TARGET` then, or when nginx has nothing left). Report the failed try first.
   */
  pickNext(): number {
    if (this.attempts === 0 || this.attempts >= this.liveCount || this.n === 1) return NO_TARGET;
    return this.#attempt();
  }

  /** A try on peer `index` failed now (`NGX_PEER_FAILED`): passive checks and effective weight. */
  reportFailure(index: number): void {
    if (this.n === 1 || index < 0 || index >= this.n) return;
    const ms = this.#clock();
    this.passive.failed(index, ms);
    const maxFails = this.passive.maxFails;
    if (maxFails !== 0) {
      const e = this.effective[index]! - Math.floor(this.weight[index]! / maxFails);
      this.effective[index] = e < 0 ? 0 : e;
    }
  }

  /** A try on peer `index` succeeded: its failures are cleared if a check window began since. */
  reportSuccess(index: number): void {
    if (this.n === 1 || index < 0 || index >= this.n) return;
    this.passive.succeeded(index);
  }

  /** See the file banner: weight 0 marks down in place; other changes reload. */
  update(targets: readonly DialectTarget[]): void {
    const list = checkPickerTargets(this.#module, targets) as readonly NginxTarget[];
    if (list.length === this.n && list.every((t, i) => t.id === this.ids[i])) {
      let reload = false;
      for (let i = 0; i < list.length && !reload; i++) {
        const w = list[i]!.weight;
        if (w !== 0 && w !== this.weight[i]) reload = true;
      }
      if (!reload) {
        let live = 0;
        for (let i = 0; i < list.length; i++) {
          const t = list[i]!;
          const isDown = t.weight === 0 || t.down === true;
          this.down[i] = isDown ? 1 : 0;
          if (!isDown) live++;
        }
        this.liveCount = live;
        return;
      }
    }
    const previous = new Map<string, { weight: number; conns: number }>();
    for (let i = 0; i < this.n; i++) {
      previous.set(this.ids[i]!, { weight: this.weight[i]!, conns: this.conns[i]! });
    }
    this.#load(list, previous);
  }

  /** A connection to peer `index` opened (least_conn counts these; nginx's `conns++`). */
  connectionOpened(index: number): void {
    if (index >= 0 && index < this.n) this.conns[index]!++;
  }

  /** A connection to peer `index` closed. */
  connectionClosed(index: number): void {
    if (index >= 0 && index < this.n && this.conns[index]! > 0) this.conns[index]!--;
  }

  /** Passive-check counters of every peer (see {@link NginxPassiveChecks.toJSON}). */
  health(): ReturnType<NginxPassiveChecks['toJSON']> {
    return this.passive.toJSON();
  }

  /** Sets up the per-request hash state from a 32-bit number. */
  protected abstract startHash(hash: number): void;
  /** Sets up the per-request hash state from a raw key. */
  protected abstract startKey(key: string): void;
  /** nginx's `get` for the method: the next peer for the current request, or `NO_TARGET`. */
  protected abstract getPeer(): number;
  /** Rebuilds method tables after a reload (consistent hash points). */
  protected abstract rebuild(): void;

  /** Whether peer `p` is skipped for this try: tried, down, or held off by passive checks. */
  protected unusable(p: number): boolean {
    if ((this.tried[p >>> 5]! & (1 << (p & 31))) !== 0 || this.down[p] === 1) return true;
    return this.passive.anyFailing && !this.passive.available(p, this.nowMs);
  }

  /** Peer `p` chosen: mark it tried and let its check window restart. */
  protected choose(p: number): number {
    this.tried[p >>> 5]! |= 1 << (p & 31);
    this.passive.selected(p, this.nowMs);
    return p;
  }

  /** The peer that `hash % total_weight` falls on, walking configured weights (down included). */
  protected walk(hash: number): number {
    const w = hash % this.totalWeight;
    const cum = this.cumulative;
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid]! > w) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** `ngx_http_upstream_get_round_robin_peer`: smooth WRR over the usable peers. */
  protected roundRobin(): number {
    if (this.n === 1) return this.down[0] === 1 ? NO_TARGET : 0;
    let best = -1;
    let total = 0;
    const current = this.current;
    const effective = this.effective;
    for (let i = 0; i < this.n; i++) {
      if (this.unusable(i)) continue;
      const e = effective[i]!;
      current[i]! += e;
      total += e;
      if (e < this.weight[i]!) effective[i] = e + 1;
      if (best === -1 || current[i]! > current[best]!) best = i;
    }
    if (best === -1) return NO_TARGET;
    current[best]! -= total;
    return this.choose(best);
  }

  #begin(): void {
    const tried = this.tried;
    for (let i = 0; i < tried.length; i++) tried[i] = 0;
    this.attempts = 0;
  }

  #attempt(): number {
    this.nowMs = this.#clock();
    const p = this.getPeer();
    if (p !== NO_TARGET) this.attempts++;
    return p;
  }

  #load(list: readonly NginxTarget[], previous: Map<string, { weight: number; conns: number }>) {
    const n = list.length;
    this.n = n;
    this.ids = list.map((t) => t.id);
    this.weight = Int32Array.from(list, (t) =>
      t.weight !== 0 ? t.weight : (previous.get(t.id)?.weight ?? 1),
    );
    this.down = Uint8Array.from(list, (t) => (t.weight === 0 || t.down === true ? 1 : 0));
    this.effective = Int32Array.from(this.weight);
    this.current = new Float64Array(n);
    this.conns = Int32Array.from(list, (t) => previous.get(t.id)?.conns ?? 0);
    this.cumulative = new Float64Array(n);
    let total = 0;
    let live = 0;
    for (let i = 0; i < n; i++) {
      total += this.weight[i]!;
      this.cumulative[i] = total;
      if (this.down[i] === 0) live++;
    }
    this.totalWeight = total;
    this.liveCount = live;
    this.tried = new Uint32Array((n + 31) >>> 5);
    this.attempts = 0;
    this.passive.reset(n);
    // Subclass tables exist only once the subclass constructor has run; it rebuilds them itself.
    if (this.ready) this.rebuild();
  }

  /** Set by the subclass constructor once its fields exist. */
  protected ready = false;
}
