/**
 * The per-request pipeline of one layer-4 listener or one layer-7 rule: the targets bound to it,
 * with their weights, health and security groups, a picker over them, and optionally a session
 * table. For each request: session lookup → eligible set → picker → new session → instance and
 * security-group check → outcome, with per-target accounting of all of it (SPEC section 1).
 *
 * Target indices are stable: a target keeps its index (the picker's too) from bind to the end of
 * the run, so sessions, counters and consistent-hashing state follow it. An unbound target stays
 * in the picker with weight 0 and is reused if the same id is bound again.
 *
 * Control changes (weight, port, bind, unbind, instance down/up, probe results, passive ejection)
 * recompute the eligible set and update the picker only when the effective weights changed.
 */
import type { AlgorithmName } from '../balancer/algorithms.js';
import type { Picker } from '../balancer/picker.js';
import { NO_TARGET } from '../balancer/picker.js';
import { mix32 } from '../hash/mix32.js';
import { PassiveCheck } from '../health/passive-check.js';
import { initialHealth, stepHealth, takesTraffic } from '../health/health-state.js';
import type { ServiceModel } from '../service/service-model.js';
import { WindowLatencies } from '../service/service-tally.js';
import { createSessionStore, type SessionStore } from '../session/session-store.js';
import { connectionBook, type ConnectionBook } from './connection-book.js';
import { POOL_UNSERVED_REASONS } from './eligibility.js';
import { EligibleSet } from './eligible-set.js';
import { LastTargets } from './last-targets.js';
import { MoveLog, type Moves } from './move-log.js';
import { answered, attachService, serve } from './pool-service.js';
import {
  algorithmFacts,
  NO_RESCHEDULE,
  Outcome,
  type Arrival,
  type PoolOptions,
  type PoolRequest,
  type RescheduleOptions,
} from './pool-options.js';
import { PoolTarget, type SourceFilter, type TargetBinding } from './pool-target.js';

/** A layer-4 listener's or a layer-7 rule's targets, picker and sessions. */
export class BackendPool {
  readonly listener: string;
  readonly rule: string | undefined;
  readonly algorithm: AlgorithmName;
  /** Every target ever bound, by index (the picker's index too); unbound ones stay, `bound` false. */
  readonly targets: PoolTarget[] = [];
  /** Whether the pool counts open connections (least connections, p2c, bounded loads). */
  readonly tracksConnections: boolean;
  /** No connection book and no passive checks: requests may take the short path, `handleLean`. */
  readonly lean: boolean;
  /** The time of the request being served (`handle` sets it; `handleLean`'s caller, before each). */
  nowMs = 0;
  /** Requests that found nothing eligible. */
  unserved = 0;
  /** `unserved` by reason, indexed as `POOL_UNSERVED_REASONS`. */
  readonly unservedBy = new Float64Array(POOL_UNSERVED_REASONS.length);
  /** Per report window: requests unserved, and forwards that failed. */
  readonly unservedWindows: Uint32Array;
  readonly failedWindows: Uint32Array;
  /** Failed forwards retried on another target (passive checks): each counts twice in `requests`. */
  retries = 0;
  /** Latency per report window, when some instance has a service model. */
  readonly serviceWindows: WindowLatencies | null;
  /** Control changes applied so far (bind, unbind, weight, port, filter, up/down, reschedule). */
  controlChanges = 0;
  /** Sessions moved and clients remapped since the last `takeMoves`. */
  readonly #moves = new MoveLog();
  readonly #lastTargets: LastTargets;
  readonly #reschedule: RescheduleOptions;
  /** The key the picker reads: the client's address (a dialect) or its hash; none: it is given 0. */
  readonly #keyIsAddress: boolean;
  readonly #readsKey: boolean;
  readonly #options: PoolOptions;
  readonly #picker: Picker;
  readonly #sessions: SessionStore | null;
  readonly #passive: PassiveCheck | null;
  /** Open connections: counted for the picker, or reused by their clients (layer 4); else null. */
  readonly #book: ConnectionBook | null;
  readonly #slowStartSec: number;
  readonly #service: ServiceModel | null;
  readonly #eligible = new EligibleSet();
  /** Per target, `countsIfPlain()` as of its last change (`#changed` renews it). */
  readonly #plainCounts: (Uint32Array | null)[] = [];
  /** Per target, `keepsSessions()` as of its last change, unless passive checks may eject it. */
  readonly #keepsAll: boolean[] = [];

  constructor(options: PoolOptions) {
    this.#options = options;
    this.listener = options.listener;
    this.rule = options.rule;
    this.algorithm = options.algorithm;
    const facts = algorithmFacts(options);
    this.#picker = facts.create([], { ...options.settings, rng: options.rng });
    this.#slowStartSec = options.slowStartSec ?? 0;
    this.#sessions =
      options.sessionTimeoutMs > 0
        ? createSessionStore(options.sessionTimeoutMs, options.sessionKeys)
        : null;
    this.#passive = options.passiveChecks ? new PassiveCheck() : null;
    this.tracksConnections = facts.countsConnections || options.settings?.boundedLoad !== undefined;
    this.#keyIsAddress = facts.key === 'address';
    this.#readsKey = facts.hashesKey;
    this.#book = connectionBook(this.#picker, this.tracksConnections, options.reuse);
    this.#reschedule = options.reschedule ?? NO_RESCHEDULE;
    this.#lastTargets = new LastTargets(options.clients ?? 0, this.#sessions);
    this.lean = this.#book === null && this.#passive === null;
    this.unservedWindows = new Uint32Array(options.windows);
    this.failedWindows = new Uint32Array(options.windows);
    this.#service = options.service ?? null;
    this.serviceWindows = this.#service === null ? null : new WindowLatencies(options.windows);
  }

  /** The index of a bound target id, or -1. */
  findBound(id: string): number {
    return this.targets.findIndex((t) => t.bound && t.id === id);
  }

  /**
   * Binds a target and returns its index. `steady` targets (present at the start) are healthy at
   * once; `new` ones probe until they pass the healthy threshold. Like every control change, it
   * takes effect for new requests at the next `refresh` (one picker update for a batch).
   */
  bind(binding: TargetBinding, nowMs: number, arrival: Arrival): number {
    const health = initialHealth(this.#options.healthChecks ? arrival : 'off', nowMs);
    let index = this.targets.findIndex((t) => !t.bound && t.id === binding.id);
    if (index < 0) {
      index = this.targets.length;
      this.targets.push(new PoolTarget(binding, health, this.#options.windows, nowMs));
    } else {
      this.targets[index]!.rebind(binding, nowMs);
      this.targets[index]!.setHealth(health, nowMs);
    }
    // Slow start: a target bound during the run ramps from when it takes traffic (at once with
    // checks off; else from its first healthy verdict, in `PoolTarget.setHealth`).
    const target = this.targets[index]!;
    target.rampFromMs = arrival === 'new' && takesTraffic(health) ? nowMs : -Infinity;
    this.#passive?.reset(index);
    this.#changed(index);
    return index;
  }

  /** Unbinds a target: forwarding stops at once and its sessions are dropped. Returns sessions dropped. */
  unbind(index: number, nowMs: number): number {
    this.targets[index]!.bound = false;
    this.#changed(index);
    this.#book?.closeTarget(index); // the connections and the sessions are kept apart
    return this.#sessions?.dropTarget(index, nowMs) ?? 0;
  }

  /**
   * Changes a target's weight. Sessions to it are kept (weight 0 drains), unless the
   * reschedule-on-weight-0 switch is on: then they move over the reschedule window.
   */
  setWeight(index: number, weight: number, nowMs: number): void {
    const t = this.targets[index]!;
    t.weight = weight;
    t.tally.weights.push({ atSec: nowMs / 1000, weight });
    const reschedule = weight === 0 && this.#reschedule.onWeightZero;
    t.rescheduleFromMs = reschedule ? nowMs : Infinity;
    this.#changed(index);
    if (reschedule) this.#book?.closeTarget(index);
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
      const next = this.#pick(key);
      if (next >= 0 && next !== target) {
        sessions.set(key, next, nowMs);
        this.#countMove(next);
        moved++;
      }
    });
    return moved;
  }

  /** Moves a target to another port (its id changes with it). */
  setPort(index: number, port: number, id: string, filter: SourceFilter): void {
    const t = this.targets[index]!;
    t.port = port;
    t.id = id;
    t.filter = filter;
    this.#changed(index);
  }

  /** Replaces a target's security-group filter (its groups changed). */
  setFilter(index: number, filter: SourceFilter): void {
    this.targets[index]!.filter = filter;
    this.#changed(index);
  }

  /** A target now lives on `instance` (its ENI moved): that instance's service model answers. */
  setInstance(index: number, instance: string | null): void {
    this.targets[index]!.instance = instance;
    this.#changed(index);
  }

  /** The instance behind a target went down or came back up. Health checks notice later. */
  setUp(index: number, up: boolean): void {
    this.targets[index]!.up = up;
    this.#changed(index);
  }

  /** Applies one health-probe result; returns true when the target's state changed. */
  probe(index: number, ok: boolean, nowMs: number): boolean {
    const t = this.targets[index]!;
    if (!t.bound) return false;
    const next = stepHealth(t.health, ok, nowMs, this.#options.thresholds);
    if (next.state === t.health.state) {
      t.health = next;
      return false;
    }
    t.setHealth(next, nowMs);
    this.#changed(index, false);
    if (next.state === 'abnormal' && this.#reschedule.onUnhealthy) this.#book?.closeTarget(index);
    this.refresh(nowMs);
    return true;
  }

  /**
   * Serves one request: session lookup → eligible set → picker → new session → forward (instance
   * up? security groups allow the client?), with a retry elsewhere on failure under passive checks.
   * Kept short, each step its own method, so that V8 inlines the common path into the run's loop.
   */
  handle(request: PoolRequest): Outcome {
    const { nowMs } = request;
    this.nowMs = nowMs;
    const book = this.#book;
    const passive = this.#passive;
    book?.closeEnded(nowMs);
    if ((passive !== null && passive.settle(nowMs)) || nowMs >= this.#eligible.nextChangeMs) {
      this.refresh(nowMs);
    }
    // A request riding the client's open connection goes where it goes (its session kept alive).
    const riding = book === null ? NO_TARGET : book.riding(request.client);
    if (riding >= 0) this.#sessions?.touch(request.clientIp, nowMs);
    const { clientIp, window } = request;
    const index = riding >= 0 ? riding : this.#choose(clientIp | 0, window);
    if (index < 0) return Outcome.Unserved;
    if (this.#lastTargets.note(request.client, clientIp, index)) this.#moves.remapped();
    const { client, durationMs } = request;
    const outcome = this.#forward(index, client, clientIp, window, durationMs, riding < 0);
    return passive === null ? outcome : this.#checked(passive, outcome, index, request);
  }

  /**
   * `handle` for a lean pool (no connection counted: a request lasts no time) at `this.nowMs`. The
   * address comes as int32 (`address | 0`), the time as a field: V8 boxes a double (or a uint32 past
   * 2^31) passed to a call it does not inline, one heap allocation per request.
   */
  handleLean(client: number, address: number, window: number): Outcome {
    const clientIp = address >>> 0;
    if (this.nowMs >= this.#eligible.nextChangeMs) this.refresh(this.nowMs);
    const index = this.#choose(address, window);
    if (index < 0) return Outcome.Unserved;
    if (this.#lastTargets.note(client, clientIp, index)) this.#moves.remapped();
    // #forward's work for a target that needs only counting, without the call (8% of a request)
    // and without reading the target (0.91x the time, side by side).
    const counts = this.#plainCounts[index] as Uint32Array | null; // every index has its entry
    if (counts === null) return this.#forward(index, client, clientIp, window, 0, true);
    counts[window]!++;
    return Outcome.Ok;
  }

  /**
   * The target of a new connection from `address` (int32) at `this.nowMs`: the client's session if
   * its target still keeps it, else the picker's choice (and a new session); -1 when none is.
   */
  #choose(address: number, window: number): number {
    const key = address >>> 0;
    if (this.#sessions === null) return this.#picked(this.#pick(key), window);
    return this.#chooseKept(this.#sessions, key, window);
  }

  /** `#choose` with session persistence (out of line: without it the rest inlines whole). */
  #chooseKept(sessions: SessionStore, key: number, window: number): number {
    const nowMs = this.nowMs;
    const s = sessions.touch(key, nowMs);
    if (s >= 0 && this.#keepsSession(s, key)) return s;
    const index = this.#picked(this.#pick(key), window);
    if (index < 0) return NO_TARGET;
    sessions.set(key, index, nowMs);
    if (s >= 0) this.#countMove(index);
    else this.targets[index]!.tally.newSessions++;
    return index;
  }

  /** The picker's choice for a client, given the key it reads (a hash above 2^31 is boxed). */
  #pick(key: number): number {
    if (this.#readsKey !== true) return this.#picker.pick(0);
    return this.#picker.pick(this.#keyIsAddress === true ? key : mix32(key));
  }

  /** The picker's choice, counted unserved when it is -1 (nothing eligible). */
  #picked(index: number, window: number): number {
    if (index < 0) {
      this.unserved++;
      this.unservedBy[this.#eligible.nothingEligible]!++;
      this.unservedWindows[window]!++;
    }
    return index;
  }

  /**
   * Passive checks see a forward's outcome: a failed one counts against the target and is retried
   * once elsewhere; a good one resets the target's run of failures.
   */
  #checked(passive: PassiveCheck, outcome: Outcome, index: number, request: PoolRequest): Outcome {
    const { clientIp: key, nowMs } = request;
    if (outcome === Outcome.Ok) passive.recordSuccess(index);
    if (outcome !== Outcome.Failed) return outcome;
    if (passive.recordFailure(index, nowMs)) this.refresh(nowMs);
    const retry = this.#picker.pick(mix32((mix32(key) + 0x9e3779b9) >>> 0));
    if (retry < 0 || retry === index) return outcome;
    if (this.#sessions !== null) {
      this.#sessions.set(key, retry, nowMs);
      this.#countMove(retry);
    }
    this.retries++;
    const { client, window, durationMs } = request;
    return this.#forward(retry, client, key, window, durationMs, true);
  }

  /** Whether `prefetch` pays (the pool's per-client records outgrow the cache). */
  get readsAhead(): boolean {
    return this.#lastTargets.readsAhead;
  }

  /** Reads ahead what requests from these session keys will look up (they come soon). */
  prefetch(keys: Uint32Array, count: number): void {
    this.#lastTargets.prefetch(keys, count);
  }

  /** Sessions to target `index` that expired (exact once the run is finished). */
  sessionsExpired(index: number): number {
    return this.#sessions?.expiredFor(index) ?? 0;
  }

  /** Bytes held by the session table (0 without persistence). */
  sessionBytes(): number {
    return this.#sessions?.byteSize() ?? 0;
  }

  /**
   * Returns and resets what moved since the last call: sessions moved to another target (off an
   * abnormal one, or rescheduled), where they went, and clients remapped to another target.
   */
  takeMoves(): Moves {
    return this.#moves.take();
  }

  /** Closes the books at the end of the run (expected-share integral up to `endMs`). */
  finish(endMs: number): void {
    this.#eligible.finish(this.targets, endMs);
    this.#sessions?.prune(endMs);
  }

  /** Recomputes the eligible set (`eligibility.ts`) and, when it changed, updates the picker. */
  refresh(nowMs: number): void {
    const passive = this.#passive;
    const ejectedUntilMs = passive === null ? undefined : (i: number) => passive.ejectedUntilMs(i);
    const weights = this.#eligible.update(this.targets, nowMs, ejectedUntilMs, this.#slowStartSec);
    if (weights === null) return;
    // The picker knows targets by index, not by `ip:port`: ids then never collide (a port change
    // may give a bound target the id of an unbound one) and a target keeps its keys across a port
    // change. Indices are stable for the whole run, so consistent hashing stays consistent.
    this.#picker.update(this.targets.map((_, i) => ({ id: String(i), weight: weights[i]! })));
  }

  /** Spans during which every target was abnormal and all took traffic (`toMs` Infinity: open). */
  get failOpenSpans(): readonly { readonly fromMs: number; readonly toMs: number }[] {
    return this.#eligible.failOpenSpans;
  }

  /** The eligible weights from `atMs` on, one entry each time they changed. */
  get weightSteps(): readonly { readonly atMs: number; readonly weights: Int32Array }[] {
    return this.#eligible.weightSteps;
  }

  /** Whether a session's target still keeps the client `key` at `this.nowMs`. */
  #keepsSession(index: number, key: number): boolean {
    if (this.#keepsAll[index] === true) return true; // without reading the target
    const nowMs = this.nowMs;
    const t = this.targets[index]!;
    if (t.bound !== true) return false;
    const windowMs = this.#reschedule.windowMs;
    if (nowMs >= t.rescheduleFromMs && t.rescheduled(key, nowMs, windowMs)) return false;
    if (this.#eligible.failOpen === true) return true;
    if (!takesTraffic(t.health)) return false;
    return this.#passive === null || !this.#passive.isEjected(index, nowMs);
  }

  /** Forwards a request at `this.nowMs` (fields as in `PoolRequest`), on a new connection or an open one. */
  #forward(
    index: number,
    client: number,
    clientIp: number,
    window: number,
    durationMs: number,
    fresh: boolean,
  ): Outcome {
    const nowMs = this.nowMs;
    const t = this.targets[index]!;
    const tally = t.tally;
    tally.count(fresh, window);
    let outcome: Outcome = Outcome.Ok;
    if (t.up !== true) {
      tally.failed++;
      this.failedWindows[window]!++;
      outcome = Outcome.Failed;
    } else if (t.filter.allowsAll !== true && !t.filter.allows(clientIp)) {
      tally.blocked++;
      outcome = Outcome.Blocked;
    } else if (t.service >= 0) {
      // A backend that takes time: the connection lasts until the client has its answer.
      const model = this.#service!;
      model.nowMs = nowMs;
      serve(model, t, window, this.serviceWindows!);
      durationMs = model.heldMs;
      this.#passive?.later(index, answered(model), nowMs + durationMs);
      outcome = Outcome.Served;
    }
    // The connection goes on unless the forward failed or was blocked (the client reconnects).
    const delivered = outcome === Outcome.Ok || outcome === Outcome.Served;
    this.#book?.forwarded(client, index, nowMs, durationMs, fresh, delivered);
    return outcome;
  }

  /** Every change to a target's facts (control, `counted`; or health): service, short paths. */
  #changed(index: number, counted = true): void {
    if (counted) this.controlChanges++;
    const t = this.targets[index]!;
    attachService(t, this.#service);
    this.#plainCounts[index] = t.countsIfPlain();
    this.#keepsAll[index] = this.#passive === null && t.keepsSessions();
  }

  #countMove(to: number): void {
    this.targets[to]!.tally.sessionsMovedIn++;
    this.#moves.moved(this.targets[to]!.id);
  }
}
