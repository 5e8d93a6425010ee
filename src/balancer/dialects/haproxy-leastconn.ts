/**
 * HAProxy's `balance leastconn` (fast weighted least connections, fwlc), pick for pick as HAProxy
 * 2.6 with one thread, no `maxconn` and no backup servers.
 *
 * Reference: HAProxy 2.6 src/lb_fwlc.c. Each usable server sits in one eb32 tree keyed by
 * `(inflight + 1) × 4096 / eweight` (integer division, eweight = 16 × weight), or 0 when it has
 * nothing in flight; a pick is the first server of the tree. Equal keys keep insertion order,
 * and a server is re-inserted only when its key changes (`fwlc_srv_reposition`) — so among idle
 * servers the one idle longest (or first in the configuration) wins. `connectionOpened` /
 * `connectionClosed` are HAProxy's `server_take_conn` / `server_drop_conn` (a request assigned to
 * a server, a request finished). `update()` with the same servers applies `set weight` in list
 * order (`fwlc_update_server_weight`: the server is re-inserted even if its key is unchanged);
 * other changes are a reload: the tree is rebuilt in configuration order, counts follow the ids.
 *
 * Complexity: pick O(1), connection events O(log n), update O(n log n); no allocation per pick.
 * Determinism: the pick depends only on the sequence of target lists and connection events.
 */
import type { DialectPicker, DialectTarget } from './dialect-picker.js';
import { ServerQueue } from './haproxy-server-queue.js';
import {
  BE_WEIGHT_SCALE,
  SRV_EWGHT_MAX,
  checkHaproxyTargets,
  copyTargets,
  sameServers,
} from './haproxy-targets.js';

const MODULE = 'haproxy-leastconn';

/** HAProxy's `balance leastconn` (fwlc). */
export class HaproxyLeastConnPicker implements DialectPicker {
  /** Always `'haproxy-leastconn'`. */
  readonly algorithm = 'haproxy-leastconn' as const;
  private targets: DialectTarget[] = [];
  private eweight = new Int32Array(0);
  private served = new Float64Array(0);
  private queue = new ServerQueue(0);

  /** Builds the picker as HAProxy starts with `targets` as its `server` lines, all idle. */
  constructor(targets: readonly DialectTarget[]) {
    this.reload(targets);
  }

  /** Number of targets (indices refer to the latest list). */
  get size(): number {
    return this.targets.length;
  }

  /** The server with the fewest in-flight requests per weight, or `NO_TARGET` (-1) when none is up; `hash` is ignored. */
  pick(_hash?: number): number {
    return this.queue.first();
  }

  /** Same as `pick()`: least connections does not look at the key. */
  pickKey(_key: string): number {
    return this.queue.first();
  }

  /** In-flight requests of target `index`, as counted here. */
  inflight(index: number): number {
    return this.served[index] ?? 0;
  }

  /** A request was assigned to target `index` (HAProxy's `served++`, then a reposition). */
  connectionOpened(index: number): void {
    if (!(index >= 0 && index < this.targets.length)) return;
    this.served[index] = this.served[index]! + 1;
    this.reposition(index);
  }

  /** A request on target `index` ended. */
  connectionClosed(index: number): void {
    if (!(index >= 0 && index < this.targets.length) || this.served[index]! <= 0) return;
    this.served[index] = this.served[index]! - 1;
    this.reposition(index);
  }

  /**
   * A runtime change (same servers in the same order: `set weight` for each changed weight, in
   * list order) or a reload (anything else). Connection counts follow the ids either way.
   */
  update(targets: readonly DialectTarget[]): void {
    if (!sameServers(this.targets, targets)) {
      this.reload(targets);
      return;
    }
    checkHaproxyTargets(MODULE, targets);
    for (let i = 0; i < targets.length; i++) {
      const w = targets[i]!.weight;
      if (w === this.targets[i]!.weight) continue;
      this.targets[i] = { ...this.targets[i]!, weight: w };
      const ew = w * BE_WEIGHT_SCALE;
      this.eweight[i] = ew;
      // Down: out of the tree. Up or a new weight: (re)inserted behind its equals.
      if (ew === 0) this.queue.remove(i);
      else this.queue.insert(i, this.keyFor(i));
    }
  }

  private keyFor(s: number): number {
    const inflight = this.served[s]!;
    const ew = this.eweight[s]!;
    return inflight > 0 ? Math.floor(((inflight + 1) * SRV_EWGHT_MAX) / (ew > 0 ? ew : 1)) : 0;
  }

  /** fwlc_srv_reposition: re-insert only when the key changed. */
  private reposition(s: number): void {
    if (this.eweight[s] === 0 || !this.queue.has(s)) return;
    const key = this.keyFor(s);
    if (this.queue.keyOf(s) !== key) this.queue.insert(s, key);
  }

  /** fwlc_init_server_tree: usable servers queued in configuration order. */
  private reload(targets: readonly DialectTarget[]): void {
    checkHaproxyTargets(MODULE, targets);
    const old = new Map<string, number>();
    this.targets.forEach((t, i) => old.set(t.id, this.served[i]!));
    const n = targets.length;
    this.targets = copyTargets(targets);
    this.eweight = Int32Array.from(targets, (t) => t.weight * BE_WEIGHT_SCALE);
    this.served = Float64Array.from(targets, (t) => old.get(t.id) ?? 0);
    this.queue = new ServerQueue(n);
    for (let i = 0; i < n; i++) if (this.eweight[i]! > 0) this.queue.insert(i, this.keyFor(i));
  }
}

/** Builds a `HaproxyLeastConnPicker` (HAProxy `balance leastconn`). */
export function createHaproxyLeastConnPicker(
  targets: readonly DialectTarget[],
  _options?: Record<string, never>,
): DialectPicker {
  return new HaproxyLeastConnPicker(targets);
}
