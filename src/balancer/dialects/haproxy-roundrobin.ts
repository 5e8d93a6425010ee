/**
 * HAProxy's `balance roundrobin`: fast weighted round robin (fwrr), pick for pick as HAProxy 2.6
 * (src/lb_fwrr.c) with one thread, no `maxconn`, no backup servers.
 *
 * Reference: HAProxy 2.6 src/lb_fwrr.c. Servers carry an effective weight `eweight = 16 × weight`
 * and live in one of three eb32 trees of the active group: `curr` (keyed by next position `npos`
 * × 256 plus a weight tie-break), `init` and `next` (keyed by 4096 − eweight, heaviest first).
 * A pick takes the first server of `curr` if its position has come (`npos <= curr_pos`), else the
 * heaviest server waiting in `init`; it advances the server by `next_weight / eweight` positions
 * (carrying the remainder in `rweight`) and requeues it in `curr`, or in `next` past the window.
 * When both are empty, `init` and `next` swap and a new window of `next_weight` positions starts.
 * `update()` with the same servers follows the runtime path of `set weight`
 * (`fwrr_update_server_weight`, `fwrr_set_server_status_up/down`), so the sequence continues as a
 * running HAProxy's does; weight 0 takes a server out (`set weight 0`, like `disable server`).
 *
 * Complexity: pick O(log n), update O(n log n), memory O(n); no allocation per pick.
 * Determinism: the sequence depends only on the target lists and the number of picks; `pick`
 * ignores its hash and `pickKey` its key.
 */
import { NO_TARGET } from '../picker.js';
import type { DialectPicker, DialectTarget } from './dialect-picker.js';
import { ServerQueue } from './haproxy-server-queue.js';
import {
  BE_WEIGHT_SCALE,
  SRV_EWGHT_MAX,
  SRV_UWGHT_RANGE,
  checkHaproxyTargets,
  copyTargets,
  sameServers,
} from './haproxy-targets.js';

const MODULE = 'haproxy-roundrobin';

/** Which tree a server is in: none (down), `curr`, or one of the two weight trees t0 / t1. */
const NONE = 0;
const CURR = 1;
const T0 = 2;
const T1 = 3;
type Tree = typeof NONE | typeof CURR | typeof T0 | typeof T1;
type WeightTree = typeof T0 | typeof T1;

/** HAProxy's `balance roundrobin` (fwrr) over weighted servers. */
export class HaproxyRoundRobinPicker implements DialectPicker {
  /** Always `'haproxy-roundrobin'`. */
  readonly algorithm = 'haproxy-roundrobin' as const;
  private targets: DialectTarget[] = [];
  private n = 0;
  private curEw = new Int32Array(0);
  private nextEw = new Int32Array(0);
  private npos = new Float64Array(0);
  private lpos = new Float64Array(0);
  private rweight = new Float64Array(0);
  private tree = new Uint8Array(0);
  private curr = new ServerQueue(0);
  private t0 = new ServerQueue(0);
  private t1 = new ServerQueue(0);
  private init: WeightTree = T0;
  private next: WeightTree = T1;
  private currPos = 0;
  private currWeight = 0;
  private nextWeight = 0;
  private srvAct = 0;

  /** Builds the picker as HAProxy starts with `targets` as its `server` lines. */
  constructor(targets: readonly DialectTarget[]) {
    this.reload(targets);
  }

  /** Number of targets (indices refer to the latest list). */
  get size(): number {
    return this.n;
  }

  /** The next server, as HAProxy picks it for the next request; `hash` is ignored. */
  pick(_hash?: number): number {
    return this.nextServer();
  }

  /** Same as `pick()`: round robin does not look at the key. */
  pickKey(_key: string): number {
    return this.nextServer();
  }

  /**
   * A runtime change (same servers in the same order: `set weight` for each changed weight, in
   * list order) or a reload (anything else: state rebuilt, servers renumbered).
   */
  update(targets: readonly DialectTarget[]): void {
    if (!sameServers(this.targets, targets)) {
      this.reload(targets);
      return;
    }
    checkHaproxyTargets(MODULE, targets);
    for (let i = 0; i < this.n; i++) {
      const w = targets[i]!.weight;
      if (w === this.targets[i]!.weight) continue;
      this.targets[i] = { ...this.targets[i]!, weight: w };
      this.nextEw[i] = w * BE_WEIGHT_SCALE;
      this.updateServerWeight(i);
    }
  }

  /** Round robin does not count connections. */
  connectionOpened(_index: number): void {
    /* nothing */
  }

  /** Round robin does not count connections. */
  connectionClosed(_index: number): void {
    /* nothing */
  }

  /** fwrr_init_server_groups: all usable servers wait in `init`, heaviest first. */
  private reload(targets: readonly DialectTarget[]): void {
    checkHaproxyTargets(MODULE, targets);
    const n = targets.length;
    this.targets = copyTargets(targets);
    this.n = n;
    this.curEw = new Int32Array(n);
    this.nextEw = new Int32Array(n);
    this.npos = new Float64Array(n);
    this.lpos = new Float64Array(n);
    this.rweight = new Float64Array(n);
    this.tree = new Uint8Array(n);
    this.curr = new ServerQueue(n);
    this.t0 = new ServerQueue(n);
    this.t1 = new ServerQueue(n);
    this.init = T0;
    this.next = T1;
    let tot = 0;
    this.srvAct = 0;
    for (let i = 0; i < n; i++) {
      const ew = targets[i]!.weight * BE_WEIGHT_SCALE;
      this.curEw[i] = ew;
      this.nextEw[i] = ew;
      if (ew > 0) {
        tot += ew;
        this.srvAct++;
      }
    }
    this.currPos = this.currWeight = this.nextWeight = tot;
    for (let i = 0; i < n; i++) if (this.curEw[i]! > 0) this.queueByWeight(this.init, i);
  }

  private queueOf(tree: Tree): ServerQueue {
    return tree === CURR ? this.curr : tree === T0 ? this.t0 : this.t1;
  }

  private dequeue(s: number): void {
    const t = this.tree[s] as Tree;
    if (t !== NONE) this.queueOf(t).remove(s);
  }

  private queueByWeight(tree: WeightTree, s: number): void {
    this.queueOf(tree).insert(s, SRV_EWGHT_MAX - this.nextEw[s]!);
    this.tree[s] = tree;
  }

  /** fwrr_queue_srv: into `curr` at its next position, or into `next` past the window. */
  private queueSrv(s: number): void {
    const ew = this.nextEw[s]!;
    if (ew <= 0) {
      this.tree[s] = NONE;
    } else if (
      this.npos[s]! >= 2 * this.currWeight ||
      this.npos[s]! >= this.currWeight + this.nextWeight
    ) {
      this.npos[s] = this.npos[s]! - this.currWeight;
      this.queueByWeight(this.next, s);
    } else {
      const key =
        SRV_UWGHT_RANGE * this.npos[s]! +
        Math.trunc((SRV_EWGHT_MAX + this.rweight[s]! - ew) / BE_WEIGHT_SCALE);
      this.curr.insert(s, key);
      this.tree[s] = CURR;
    }
  }

  /** fwrr_get_srv: prepares a server taken out of its tree. */
  private getSrv(s: number): void {
    const t = this.tree[s] as Tree;
    if (t === this.init) {
      this.npos[s] = 0;
      this.rweight[s] = 0;
    } else if (t === this.next) {
      this.npos[s] = this.npos[s]! + this.currWeight;
    } else if (t === NONE) {
      this.npos[s] = this.currPos;
    }
  }

  /** fwrr_update_position: the server's next position after being picked. */
  private updatePosition(s: number): void {
    const ew = this.curEw[s]!;
    if (ew === 0) return;
    if (this.npos[s] === 0) this.npos[s] = this.currPos;
    this.lpos[s] = this.npos[s]!;
    this.npos[s] = this.npos[s]! + Math.trunc(this.nextWeight / ew);
    this.rweight[s] = this.rweight[s]! + (this.nextWeight % ew);
    if (this.rweight[s] >= ew) {
      this.rweight[s] = this.rweight[s] - ew;
      this.npos[s] = this.npos[s] + 1;
    }
  }

  /** fwrr_get_server_from_group: the due server of `curr`, else the heaviest of `init`. */
  private serverFromGroup(): number {
    const s1 = this.curr.first();
    if (s1 >= 0 && this.curEw[s1]! > 0 && this.npos[s1]! <= this.currPos) return s1;
    const s2 = this.queueOf(this.init).first();
    if (s2 >= 0 && this.curEw[s2]! > 0) {
      this.npos[s2] = 0;
      this.rweight[s2] = 0;
      return s2;
    }
    return s1;
  }

  /** fwrr_get_next_server without maxconn: one pick. */
  private nextServer(): number {
    if (this.srvAct === 0) return NO_TARGET;
    if (this.currWeight === 0) this.currPos = this.currWeight = this.nextWeight;
    let switched = false;
    let s: number;
    for (;;) {
      s = this.serverFromGroup();
      if (s >= 0) break;
      if (switched) return NO_TARGET;
      switched = true;
      const swap = this.init;
      this.init = this.next;
      this.next = swap;
      this.currWeight = this.nextWeight;
      this.currPos = this.currWeight;
    }
    this.updatePosition(s);
    this.dequeue(s);
    this.currPos++;
    this.queueSrv(s);
    return s;
  }

  /** fwrr_update_server_weight, with `nextEw[s]` already set to the new effective weight. */
  private updateServerWeight(s: number): void {
    const oldUp = this.curEw[s]! > 0;
    const newUp = this.nextEw[s]! > 0;
    if (!oldUp && !newUp) {
      this.curEw[s] = this.nextEw[s]!;
      return;
    }
    if (!oldUp) {
      this.setServerUp(s);
      return;
    }
    if (!newUp) {
      this.setServerDown(s);
      return;
    }
    this.nextWeight = this.nextWeight - this.curEw[s]! + this.nextEw[s]!;
    const t = this.tree[s] as Tree;
    if (t === this.init) {
      this.dequeue(s);
      this.queueByWeight(this.init, s);
    } else if (t === NONE) {
      this.getSrv(s);
      this.npos[s] =
        this.currPos +
        Math.trunc((this.nextWeight + this.currWeight - this.currPos) / this.nextEw[s]!);
      this.queueSrv(s);
    } else {
      this.getSrv(s);
      const prevNext = this.npos[s]!;
      const step = Math.trunc(this.nextWeight / this.nextEw[s]!);
      this.npos[s] = this.lpos[s]! + step;
      this.rweight[s] = 0;
      if (this.npos[s] > prevNext) this.npos[s] = prevNext;
      if (this.npos[s] < this.currPos + 2) this.npos[s] = this.currPos + step;
      this.dequeue(s);
      this.queueSrv(s);
    }
    this.curEw[s] = this.nextEw[s]!;
  }

  /** fwrr_set_server_status_down: out of every tree, its weight out of the next window. */
  private setServerDown(s: number): void {
    this.nextWeight -= this.curEw[s]!;
    this.srvAct--;
    this.dequeue(s);
    this.tree[s] = NONE;
    this.curEw[s] = this.nextEw[s]!;
  }

  /** fwrr_set_server_status_up: back in, placed a window's share after the current position. */
  private setServerUp(s: number): void {
    this.nextWeight += this.nextEw[s]!;
    this.srvAct++;
    this.getSrv(s);
    this.npos[s] =
      this.currPos +
      Math.trunc((this.nextWeight + this.currWeight - this.currPos) / this.nextEw[s]!);
    this.queueSrv(s);
    this.curEw[s] = this.nextEw[s]!;
  }
}

/** Builds a `HaproxyRoundRobinPicker` (HAProxy `balance roundrobin`). */
export function createHaproxyRoundRobinPicker(
  targets: readonly DialectTarget[],
  _options?: Record<string, never>,
): DialectPicker {
  return new HaproxyRoundRobinPicker(targets);
}
