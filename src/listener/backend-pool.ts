/**
 * The per-request pipeline of one layer-4 listener or one layer-7 rule: the targets bound to it,
 * with their weights, health and security groups, a picker over them, and optionally a session
 * table. For each request: session lookup → eligible set → picker → new session → instance and
 * security-group check → outcome, with per-target accounting of all of it (SPEC section 1).
 *
 * Target slots are stable: a target keeps its slot (and the picker its index) from bind to the end
 * of the run, so sessions, counters and consistent-hashing state follow it. An unbound slot stays
 * in the picker with weight 0 and is reused if the same target id is bound again.
 *
 * Control changes (weight, port, bind, unbind, instance down/up, probe results, passive ejection)
 * recompute the eligible set and update the picker only when the effective weights changed.
 */
import { describeAlgorithm, type Algorithm } from '../balancer/algorithms.js';
import type { Picker, PickerTarget } from '../balancer/picker.js';
import { NO_TARGET } from '../balancer/picker.js';
import { createPicker } from '../balancer/create-picker.js';
import { mix32 } from '../hash/mix32.js';
import { PassiveCheck } from '../health/passive-check.js';
import {
  initialHealth,
  stepHealth,
  takesTraffic,
  type HealthStatus,
  type HealthThresholds,
} from '../health/health-state.js';
import type { Rng } from '../random/rng.js';
import type { HealthTransition, WeightChange } from '../report/types.js';
import { SessionTable } from '../session/session-table.js';
import { DeadlineHeap } from './deadline-heap.js';

/** Decides whether a client address may reach a target (its compiled security groups). */
export interface SourceFilter {
  allows(ipv4: number): boolean;
}

/** What happened to one request. */
export const Outcome = {
  /** Forwarded and answered. */
  Ok: 0,
  /** Forwarded, then dropped by the target's security groups. */
  Blocked: 1,
  /** Forwarded to a target whose instance is down (not yet detected, or under fail-open). */
  Failed: 2,
  /** Nothing was eligible. */
  Unserved: 3,
} as const;
/** One of `Outcome`'s values. */
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

/** How a pool is set up. */
export interface PoolOptions {
  readonly listener: string;
  /** Layer-7 rule id; undefined for a layer-4 listener. */
  readonly rule?: string | undefined;
  readonly algorithm: Algorithm;
  /** Session idle timeout in ms, or 0 for no persistence. */
  readonly sessionTimeoutMs: number;
  /** Health checks on (targets probe) or off (targets are `closed` and always take traffic). */
  readonly healthChecks: boolean;
  readonly thresholds: HealthThresholds;
  /** Passive checks (TCP SSL, HTTP, HTTPS): a failed forward is retried elsewhere and counted. */
  readonly passiveChecks: boolean;
  /** Random source for randomised pickers (random, p2c). */
  readonly rng: Rng;
  /** Number of report windows, for per-window request counts. */
  readonly windows: number;
  /**
   * Layer-4 reschedule switches (SPEC section 1); all off by default.
   * @defaultValue all off
   */
  readonly reschedule?: RescheduleOptions;
  /**
   * Number of clients, to remember where each one went last (stickiness of hashing pickers).
   * @defaultValue 0 (not tracked)
   */
  readonly clients?: number;
}

/** When existing connections and sessions are closed and redistributed instead of left to end. */
export interface RescheduleOptions {
  /** A target set to weight 0. */
  readonly onWeightZero: boolean;
  /** A target turning abnormal (its counted connections close at once). */
  readonly onUnhealthy: boolean;
  /** Targets added or removed by scaling (every session is rescheduled by the algorithm). */
  readonly onScale: boolean;
  /** Redistribution is spread over this window: each client moves at its own point in it. */
  readonly windowMs: number;
}

const NO_RESCHEDULE: RescheduleOptions = {
  onWeightZero: false,
  onUnhealthy: false,
  onScale: false,
  windowMs: 0,
};

/** A target as bound to a pool. */
export interface BindRequest {
  readonly id: string;
  /** The instance behind the target, or null for an IDC address. */
  readonly instance: string | null;
  readonly port: number;
  readonly weight: number;
  readonly filter: SourceFilter;
  /** Whether the instance answers at all (false: requests fail until health checks notice). */
  readonly up: boolean;
}

/** One bound (or formerly bound) target and its counters. */
export class Slot {
  id: string;
  readonly instance: string | null;
  port: number;
  weight: number;
  bound = true;
  up: boolean;
  filter: SourceFilter;
  health: HealthStatus;
  requests = 0;
  failed = 0;
  blocked = 0;
  newSessions = 0;
  /** Sessions moved here from an abnormal target. */
  sessionsMovedIn = 0;
  /** Since when its sessions are being redistributed (reschedule switches), or Infinity. */
  rescheduleFromMs = Infinity;
  /** Time-integral of this target's share of the effective weight (for expectedShare). */
  expectedAcc = 0;
  readonly windows: Uint32Array;
  readonly transitions: HealthTransition[] = [];
  readonly weights: WeightChange[] = [];

  constructor(request: BindRequest, health: HealthStatus, windows: number, nowMs: number) {
    this.id = request.id;
    this.instance = request.instance;
    this.port = request.port;
    this.weight = request.weight;
    this.up = request.up;
    this.filter = request.filter;
    this.health = health;
    this.windows = new Uint32Array(windows);
    this.transitions.push({ atSec: nowMs / 1000, state: health.state });
    this.weights.push({ atSec: nowMs / 1000, weight: request.weight });
  }
}

/** A layer-4 listener's or a layer-7 rule's targets, picker and sessions. */
export class BackendPool {
  readonly listener: string;
  readonly rule: string | undefined;
  readonly algorithm: Algorithm;
  readonly slots: Slot[] = [];
  /** Whether the pool counts open connections (least connections, p2c). */
  readonly tracksConnections: boolean;
  /** Requests that found nothing eligible. */
  unserved = 0;
  /** Control changes applied so far (bind, unbind, weight, port, filter, up/down, reschedule). */
  controlChanges = 0;
  /** Sessions moved to another target since the last `takeMoves`, and where they went. */
  #moved = 0;
  #movedTo = new Map<string, number>();
  /** Clients whose request went to another target than their previous one, since the last `takeMoves`. */
  #remapped = 0;
  /** Per client, 1 + the slot its last request went to (0: none yet); null when not tracked. */
  readonly #lastSlot: Uint16Array | null;
  readonly #reschedule: RescheduleOptions;

  readonly #options: PoolOptions;
  readonly #picker: Picker;
  readonly #sessions: SessionTable | null;
  readonly #passive: PassiveCheck | null;
  readonly #connections: DeadlineHeap | null;
  #effective: Int32Array = new Int32Array(0);
  #failOpen = false;
  #lastChangeMs = 0;
  /** Earliest time a passive ejection ends (the picker must then be refreshed). */
  #nextRestoreMs = Infinity;

  constructor(options: PoolOptions) {
    this.#options = options;
    this.listener = options.listener;
    this.rule = options.rule;
    this.algorithm = options.algorithm;
    this.#picker = createPicker(options.algorithm, [], { rng: options.rng });
    this.#sessions =
      options.sessionTimeoutMs > 0
        ? new SessionTable({ timeoutMs: options.sessionTimeoutMs })
        : null;
    this.#passive = options.passiveChecks ? new PassiveCheck() : null;
    this.tracksConnections = describeAlgorithm(options.algorithm).countsConnections;
    this.#connections = this.tracksConnections ? new DeadlineHeap() : null;
    this.#reschedule = options.reschedule ?? NO_RESCHEDULE;
    const clients = options.clients ?? 0;
    this.#lastSlot = clients > 0 ? new Uint16Array(clients) : null;
  }

  /** The slot of a bound target id, or -1. */
  findBound(id: string): number {
    for (let i = 0; i < this.slots.length; i++) {
      const s = this.slots[i]!;
      if (s.bound && s.id === id) return i;
    }
    return -1;
  }

  /**
   * Binds a target. `steady` targets (present at the start) are healthy at once; others are
   * probing until they pass the healthy threshold. Returns the slot. With `deferRefresh`, the
   * picker is not updated: bind a batch, then call `refresh` once (a Maglev build per target
   * would cost seconds for a large listener).
   */
  bind(request: BindRequest, nowMs: number, steady: boolean, deferRefresh = false): number {
    const health = initialHealth(
      this.#options.healthChecks ? (steady ? 'steady' : 'new') : 'off',
      nowMs,
    );
    let slot = this.slots.findIndex((s) => !s.bound && s.id === request.id);
    if (slot < 0) {
      slot = this.slots.length;
      this.slots.push(new Slot(request, health, this.#options.windows, nowMs));
    } else {
      const s = this.slots[slot]!;
      s.bound = true;
      s.port = request.port;
      s.weight = request.weight;
      s.weights.push({ atSec: nowMs / 1000, weight: request.weight });
      s.up = request.up;
      s.filter = request.filter;
      s.rescheduleFromMs = Infinity;
      this.#setHealth(s, health, nowMs);
    }
    this.#passive?.reset(slot);
    this.controlChanges++;
    if (!deferRefresh) this.refresh(nowMs);
    return slot;
  }

  /**
   * Unbinds a target: forwarding stops at once and its sessions are dropped. Returns sessions
   * dropped. `deferRefresh` as for `bind`.
   */
  unbind(slot: number, nowMs: number, deferRefresh = false): number {
    const s = this.slots[slot]!;
    s.bound = false;
    this.controlChanges++;
    const dropped = this.#sessions?.dropTarget(slot, nowMs) ?? 0;
    this.#closeConnections(slot);
    if (!deferRefresh) this.refresh(nowMs);
    return dropped;
  }

  /**
   * Changes a target's weight. Sessions to it are kept (weight 0 drains), unless the
   * reschedule-on-weight-0 switch is on: then they move over the reschedule window.
   * `deferRefresh` as for `bind`.
   */
  setWeight(slot: number, weight: number, nowMs: number, deferRefresh = false): void {
    const s = this.slots[slot]!;
    s.weight = weight;
    s.weights.push({ atSec: nowMs / 1000, weight });
    this.controlChanges++;
    s.rescheduleFromMs = weight === 0 && this.#reschedule.onWeightZero ? nowMs : Infinity;
    if (weight === 0 && this.#reschedule.onWeightZero) this.#closeConnections(slot);
    if (!deferRefresh) this.refresh(nowMs);
  }

  /**
   * After scaling, with the reschedule-on-scale switch on: every live session is handed to the
   * algorithm again, as if its connection had been closed and reopened. Returns sessions moved.
   */
  rescheduleAll(nowMs: number): number {
    if (!this.#reschedule.onScale || this.#sessions === null) return 0;
    this.controlChanges++;
    const sessions = this.#sessions;
    let moved = 0;
    sessions.forEachLive(nowMs, (key, target) => {
      const next = this.#picker.pick(mix32(key));
      if (next >= 0 && next !== target) {
        sessions.set(key, next, nowMs);
        this.#countMove(next);
        moved++;
      }
    });
    return moved;
  }

  /** Moves a target to another port (its id changes with it). */
  setPort(slot: number, port: number, id: string, filter: SourceFilter): void {
    const s = this.slots[slot]!;
    this.controlChanges++;
    s.port = port;
    s.id = id;
    s.filter = filter;
  }

  /** Replaces a target's security-group filter (its groups changed). */
  setFilter(slot: number, filter: SourceFilter): void {
    this.slots[slot]!.filter = filter;
    this.controlChanges++;
  }

  /** The instance behind a target went down or came back up. Health checks notice later. */
  setUp(slot: number, up: boolean): void {
    this.slots[slot]!.up = up;
    this.controlChanges++;
  }

  /** Applies one health-probe result; returns true when the target's state changed. */
  probe(slot: number, ok: boolean, nowMs: number): boolean {
    const s = this.slots[slot]!;
    if (!s.bound) return false;
    const next = stepHealth(s.health, ok, nowMs, this.#options.thresholds);
    if (next.state === s.health.state) {
      s.health = next;
      return false;
    }
    this.#setHealth(s, next, nowMs);
    if (next.state === 'abnormal' && this.#reschedule.onUnhealthy) this.#closeConnections(slot);
    this.refresh(nowMs);
    return true;
  }

  /**
   * Serves one request.
   * @param client - the client's index (0 ≤ client < `clients`).
   * @param clientIp - the client's IPv4 address. Security groups see it (the LB passes it through)
   *   and sessions are keyed by it: the source IP for layer 4, and for layer 7 the client's cookie,
   *   of which each client (one address each) has one.
   * @param hash - the 32-bit hash of the client's address, `mix32(clientIp)`, for hashing pickers.
   * @param durationMs - how long the connection stays open (counted by least connections).
   */
  handle(
    client: number,
    clientIp: number,
    hash: number,
    nowMs: number,
    window: number,
    durationMs: number,
  ): Outcome {
    const sessionKey = clientIp;
    if (this.#connections !== null) this.#closeEnded(nowMs);
    if (nowMs >= this.#nextRestoreMs) this.refresh(nowMs);
    const sessions = this.#sessions;
    let slot = NO_TARGET;
    let movedFrom = NO_TARGET;
    if (sessions !== null) {
      const s = sessions.touch(sessionKey, nowMs);
      if (s >= 0) {
        if (this.#keepsSession(s, sessionKey, nowMs)) slot = s;
        else movedFrom = s;
      }
    }
    if (slot < 0) {
      slot = this.#picker.pick(hash);
      if (slot < 0) {
        this.unserved++;
        return Outcome.Unserved;
      }
      if (sessions !== null) {
        sessions.set(sessionKey, slot, nowMs);
        if (movedFrom >= 0) this.#countMove(slot);
        else this.slots[slot]!.newSessions++;
      }
    }
    const last = this.#lastSlot;
    if (last !== null && client < last.length) {
      const previous = last[client]!;
      if (previous !== 0 && previous !== slot + 1) this.#remapped++;
      last[client] = slot + 1;
    }
    const outcome = this.#forward(slot, clientIp, nowMs, window, durationMs);
    if (outcome === Outcome.Failed && this.#passive !== null) {
      // Passive checks: the failed forward counts against the target and is retried once elsewhere.
      if (this.#passive.recordFailure(slot, nowMs)) this.refresh(nowMs);
      const retry = this.#picker.pick(mix32((hash + 0x9e3779b9) >>> 0));
      if (retry >= 0 && retry !== slot) {
        if (sessions !== null) {
          sessions.set(sessionKey, retry, nowMs);
          this.#countMove(retry);
        }
        return this.#forward(retry, clientIp, nowMs, window, durationMs);
      }
    }
    if (outcome === Outcome.Ok && this.#passive !== null) this.#passive.recordSuccess(slot);
    return outcome;
  }

  /** Sessions to target `slot` that expired (exact once the run is finished). */
  sessionsExpired(slot: number): number {
    return this.#sessions?.expiredFor(slot) ?? 0;
  }

  /** Bytes held by the session table (0 without persistence). */
  sessionBytes(): number {
    return this.#sessions?.byteSize() ?? 0;
  }

  /**
   * Returns and resets what moved since the last call: sessions moved to another target (off an
   * abnormal one, or rescheduled), where they went, and clients remapped to another target.
   */
  takeMoves(): { moved: number; movedTo: Map<string, number>; remapped: number } {
    const result = { moved: this.#moved, movedTo: this.#movedTo, remapped: this.#remapped };
    this.#moved = 0;
    this.#movedTo = new Map();
    this.#remapped = 0;
    return result;
  }

  /** Closes the books at the end of the run (expected-share integral up to `endMs`). */
  finish(endMs: number): void {
    this.#accumulateExpected(endMs);
    this.#sessions?.prune(endMs);
  }

  /**
   * Recomputes the eligible set and, when it changed, updates the picker. Eligible: bound, weight
   * > 0, healthy or closed, not ejected by passive checks. When every bound target with weight > 0
   * is abnormal, all of them are eligible (fail-open: "all dead, all alive").
   */
  refresh(nowMs: number): void {
    this.#accumulateExpected(nowMs);
    const n = this.slots.length;
    const effective = new Int32Array(n);
    let any = false;
    let allAbnormal = true;
    let candidates = 0;
    this.#nextRestoreMs = Infinity;
    for (let i = 0; i < n; i++) {
      const s = this.slots[i]!;
      if (!s.bound || s.weight === 0) continue;
      candidates++;
      if (s.health.state !== 'abnormal') allAbnormal = false;
      if (!takesTraffic(s.health)) continue;
      if (this.#passive !== null && this.#passive.isEjected(i, nowMs)) {
        this.#nextRestoreMs = Math.min(this.#nextRestoreMs, this.#passive.ejectedUntilMs(i));
        continue;
      }
      effective[i] = s.weight;
      any = true;
    }
    this.#failOpen = !any && candidates > 0 && allAbnormal;
    if (this.#failOpen) {
      for (let i = 0; i < n; i++) {
        const s = this.slots[i]!;
        if (s.bound) effective[i] = s.weight;
      }
    }
    if (!sameWeights(effective, this.#effective)) {
      this.#effective = effective;
      // The picker knows targets by slot, not by `ip:port`: ids then never collide (a port change
      // may give a bound target the id of an unbound one) and a target keeps its keys across a
      // port change. Slots are stable for the whole run, so consistent hashing stays consistent.
      const targets: PickerTarget[] = this.slots.map((_, i) => ({
        id: String(i),
        weight: effective[i]!,
      }));
      this.#picker.update(targets);
    }
  }

  #keepsSession(slot: number, key: number, nowMs: number): boolean {
    const s = this.slots[slot]!;
    if (!s.bound) return false;
    // Rescheduling: each client moves at its own point of the window (from a hash of its key).
    if (nowMs >= s.rescheduleFromMs) {
      const at = (mix32(key ^ RESCHEDULE_SALT) / 2 ** 32) * this.#reschedule.windowMs;
      if (nowMs - s.rescheduleFromMs >= at) return false;
    }
    if (this.#failOpen) return true;
    if (!takesTraffic(s.health)) return false;
    return this.#passive === null || !this.#passive.isEjected(slot, nowMs);
  }

  #forward(
    slot: number,
    clientIp: number,
    nowMs: number,
    window: number,
    durationMs: number,
  ): Outcome {
    const s = this.slots[slot]!;
    s.requests++;
    s.windows[window]!++;
    if (this.#connections !== null) {
      this.#picker.connectionOpened(slot);
      this.#connections.push(nowMs + durationMs, slot);
    }
    if (!s.up) {
      s.failed++;
      return Outcome.Failed;
    }
    if (!s.filter.allows(clientIp)) {
      s.blocked++;
      return Outcome.Blocked;
    }
    return Outcome.Ok;
  }

  #countMove(to: number): void {
    const s = this.slots[to]!;
    s.sessionsMovedIn++;
    this.#moved++;
    this.#movedTo.set(s.id, (this.#movedTo.get(s.id) ?? 0) + 1);
  }

  /** Closes the connections counted against a slot (they are redistributed as clients return). */
  #closeConnections(slot: number): void {
    if (this.#connections === null) return;
    const closed = this.#connections.removeSlot(slot);
    for (let i = 0; i < closed; i++) this.#picker.connectionClosed(slot);
  }

  #closeEnded(nowMs: number): void {
    const heap = this.#connections!;
    while (heap.peekEnd() <= nowMs) this.#picker.connectionClosed(heap.pop());
  }

  #setHealth(s: Slot, health: HealthStatus, nowMs: number): void {
    s.health = health;
    s.transitions.push({ atSec: nowMs / 1000, state: health.state });
  }

  #accumulateExpected(nowMs: number): void {
    const dt = nowMs - this.#lastChangeMs;
    this.#lastChangeMs = nowMs;
    if (dt <= 0) return;
    const eff = this.#effective;
    let total = 0;
    for (let i = 0; i < eff.length; i++) total += eff[i]!;
    if (total === 0) return;
    for (let i = 0; i < eff.length; i++) {
      if (eff[i]! > 0) this.slots[i]!.expectedAcc += (dt * eff[i]!) / total;
    }
  }
}

/** Decorrelates a client's reschedule point from its picker hash. */
const RESCHEDULE_SALT = 0x5bd1e995;

function sameWeights(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
