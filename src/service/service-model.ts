/**
 * The service model: backends that take time. Each instance with a `service` has `workers` that
 * serve one request at a time and a FIFO queue behind them; a request that finds every worker busy
 * and the queue full (`queueLimit`, or MAX_SERVICE_QUEUE) is rejected at once. Because the queue is
 * FIFO, a request's start and end are known when it arrives (Kiefer–Wolfowitz: it takes the worker
 * that frees up first, at max(arrival, that worker's free time)), so the pool can count the
 * connection for exactly as long as the client waits. The queue's start times are non-decreasing and
 * sit in a ring buffer. What is in flight at an instance is its busy workers plus its queue (a busy
 * worker serves exactly one request: a queued request starts the moment its worker frees up), so
 * the peak is kept without a completion heap: while the queue is empty the busy workers are counted
 * only when an upper bound on them (the last count plus the requests since) exceeds the peak.
 *
 * The client gives up after `timeoutMs` (counted `timedOut`, the connection closes then) but the
 * server still serves the request to the end, as a server without deadline propagation does: the
 * worker stays busy. `errorRate` is the share of responses that are errors (their latency counts).
 * Events (`slow`, `errors`, `blackhole`, `restore`) apply to requests arriving from their time on;
 * requests already accepted finish as scheduled. A blackholed instance accepts a request and never
 * answers: the client waits `timeoutMs` and counts it timed out; no worker is used.
 *
 * Cost per request: O(log workers) for the worker heap, amortised O(1) for the ring; counting busy
 * workers (O(workers)) happens only when the peak may rise. Typed arrays, no allocation once the
 * rings have grown.
 * Randomness: one seeded `Rng` (the `service` stream) for service times and error draws.
 */
import { MAX_SERVICE_QUEUE } from '../limits.js';
import type { Rng } from '../random/rng.js';
import { wholeUs } from './log-histogram.js';
import { ServiceTime, type LatencySpec } from './service-time.js';

/** An instance's service as the scenario gives it. */
export interface ServiceSpec {
  readonly workers: number;
  readonly latencyMs: LatencySpec;
  /** Requests allowed to wait; undefined: MAX_SERVICE_QUEUE. */
  readonly queueLimit?: number | undefined;
  /** The client gives up after this long; undefined: never. */
  readonly timeoutMs?: number | undefined;
  /** Share of responses that are errors (0..1). */
  readonly errorRate: number;
}

/** What became of the last request `admit` took. */
export const ServiceOutcome = {
  /** Answered. */
  Response: 0,
  /** Answered with an error. */
  Error: 1,
  /** Refused at once: every worker busy and the queue full. */
  Rejected: 2,
  /** The client gave up before the answer came. */
  TimedOut: 3,
} as const;
/** One of `ServiceOutcome`'s values. */
export type ServiceOutcome = (typeof ServiceOutcome)[keyof typeof ServiceOutcome];

/** Figures of one instance over a finished run. */
export interface InstanceServiceStats {
  readonly peakInFlight: number;
  readonly meanInFlight: number;
  readonly peakQueued: number;
  readonly meanQueued: number;
  /** Busy worker time over workers × duration. */
  readonly utilisation: number;
}

/** The service state of every instance that has a service model. */
export class ServiceModel {
  /** Instance ids, by slot. */
  readonly instances: readonly string[];
  /** Outcome of the last `admit`. */
  outcome: ServiceOutcome = ServiceOutcome.Response;
  /** Latency of the last `admit` that got a response, in whole µs (`wholeUs` of its ms). */
  latencyUs = 0;
  /** The time of the request `take` admits next (ms). */
  nowMs = 0;
  /** How long the client of the last `admit` keeps its connection open (ms). */
  heldMs = 0;

  readonly #slots = new Map<string, number>();
  readonly #specs: readonly ServiceSpec[];
  readonly #rng: Rng;
  readonly #times: ServiceTime[];
  readonly #workers: Int32Array;
  readonly #workerBase: Int32Array;
  readonly #free: Float64Array;
  readonly #rings: Float64Array[];
  readonly #head: Int32Array;
  readonly #queued: Int32Array;
  readonly #queueLimit: Float64Array;
  readonly #timeoutMs: Float64Array;
  readonly #errorRate: Float64Array;
  readonly #factor: Float64Array;
  readonly #blackhole: Uint8Array;
  /** An upper bound on the busy workers of each instance, exact after each count. */
  readonly #busyBound: Int32Array;
  readonly #peakInFlight: Int32Array;
  readonly #peakQueued: Int32Array;
  readonly #busyMs: Float64Array;
  readonly #waitMs: Float64Array;
  readonly #inSystemMs: Float64Array;

  constructor(
    services: readonly { readonly instance: string; readonly spec: ServiceSpec }[],
    rng: Rng,
  ) {
    const n = services.length;
    this.instances = services.map((s) => s.instance);
    this.#specs = services.map((s) => s.spec);
    services.forEach((s, i) => this.#slots.set(s.instance, i));
    this.#rng = rng;
    this.#times = services.map((s) => new ServiceTime(s.spec.latencyMs));
    this.#workers = Int32Array.from(services, (s) => s.spec.workers);
    this.#workerBase = new Int32Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) {
      this.#workerBase[i] = total;
      total += this.#workers[i]!;
    }
    this.#free = new Float64Array(total);
    this.#rings = services.map(() => new Float64Array(16));
    this.#head = new Int32Array(n);
    this.#queued = new Int32Array(n);
    this.#queueLimit = Float64Array.from(services, (s) => s.spec.queueLimit ?? MAX_SERVICE_QUEUE);
    this.#timeoutMs = Float64Array.from(services, (s) => s.spec.timeoutMs ?? Infinity);
    this.#errorRate = Float64Array.from(services, (s) => s.spec.errorRate);
    this.#factor = new Float64Array(n).fill(1);
    this.#blackhole = new Uint8Array(n);
    this.#busyBound = new Int32Array(n);
    this.#peakInFlight = new Int32Array(n);
    this.#peakQueued = new Int32Array(n);
    this.#busyMs = new Float64Array(n);
    this.#waitMs = new Float64Array(n);
    this.#inSystemMs = new Float64Array(n);
  }

  /** The slot of an instance, or -1 when it has no service model. */
  slotOf(instance: string | null): number {
    return instance === null ? -1 : (this.#slots.get(instance) ?? -1);
  }

  /** `slow`: service times × `factor` for requests arriving from now on. */
  setFactor(slot: number, factor: number): void {
    this.#factor[slot] = factor;
  }

  /** `errors`: the share of responses that are errors, from now on. */
  setErrorRate(slot: number, rate: number): void {
    this.#errorRate[slot] = rate;
  }

  /** `blackhole`: requests are accepted and never answered, from now on. */
  setBlackhole(slot: number): void {
    this.#blackhole[slot] = 1;
  }

  /** `restore`: back to the instance's configured service. */
  restore(slot: number): void {
    this.#factor[slot] = 1;
    this.#errorRate[slot] = this.#specs[slot]!.errorRate;
    this.#blackhole[slot] = 0;
  }

  /**
   * Takes one request at `nowMs` (arrival times never decrease): sets `outcome` (and `latencyUs`
   * when answered) and returns how long the client keeps the connection open, in ms.
   */
  admit(slot: number, nowMs: number): number {
    this.nowMs = nowMs;
    this.take(slot);
    return this.heldMs;
  }

  /**
   * `admit` with its time and its result in fields, for the request path: the request's time is
   * read from `nowMs`, and how long the client keeps the connection is left in `heldMs`. (V8
   * boxes a double passed to or returned from a call it does not inline: a heap allocation per
   * request.)
   */
  take(slot: number): void {
    const nowMs = this.nowMs;
    const ring = this.#rings[slot]!;
    const mask = ring.length - 1;
    let head = this.#head[slot]!;
    let queued = this.#queued[slot]!;
    while (queued > 0 && ring[head]! <= nowMs) {
      head = (head + 1) & mask;
      queued--;
    }
    this.#head[slot] = head;
    this.#queued[slot] = queued;
    if (this.#blackhole[slot] === 1) {
      this.outcome = ServiceOutcome.TimedOut;
      this.heldMs = this.#timeoutMs[slot]!;
      return;
    }
    const base = this.#workerBase[slot]!;
    const firstFree = this.#free[base]!;
    const waits = firstFree > nowMs;
    if (waits && queued >= this.#queueLimit[slot]!) {
      this.outcome = ServiceOutcome.Rejected;
      this.heldMs = 0;
      return;
    }
    const serviceMs = this.#times[slot]!.draw(this.#rng) * this.#factor[slot]!;
    const start = waits ? firstFree : nowMs;
    const end = start + serviceMs;
    this.#replaceFirstFree(base, this.#workers[slot]!, end);
    if (waits) this.#enqueue(slot, start);
    this.#notePeak(slot, nowMs, end, waits);
    this.#busyMs[slot]! += serviceMs;
    this.#waitMs[slot]! += start - nowMs;
    this.#inSystemMs[slot]! += end - nowMs;
    const response = end - nowMs;
    if (response > this.#timeoutMs[slot]!) {
      this.outcome = ServiceOutcome.TimedOut;
      this.heldMs = this.#timeoutMs[slot]!;
      return;
    }
    const rate = this.#errorRate[slot]!;
    this.outcome =
      rate > 0 && this.#rng.next() < rate ? ServiceOutcome.Error : ServiceOutcome.Response;
    this.latencyUs = wholeUs(response);
    this.heldMs = response;
  }

  /**
   * Closes the books at `endMs`: work and waiting beyond the end of the run are not counted, so
   * the time averages are over [0, endMs]. Returns each instance's figures, by slot.
   */
  finish(endMs: number): InstanceServiceStats[] {
    return this.instances.map((_, slot) => {
      const base = this.#workerBase[slot]!;
      const workers = this.#workers[slot]!;
      for (let w = 0; w < workers; w++) {
        const free = this.#free[base + w]!;
        if (free > endMs) {
          this.#busyMs[slot]! -= free - endMs;
          this.#inSystemMs[slot]! -= free - endMs;
        }
      }
      const ring = this.#rings[slot]!;
      for (let k = 0; k < this.#queued[slot]!; k++) {
        const start = ring[(this.#head[slot]! + k) & (ring.length - 1)]!;
        if (start > endMs) {
          this.#waitMs[slot]! -= start - endMs;
          this.#inSystemMs[slot]! -= start - endMs;
        }
      }
      return {
        peakInFlight: this.#peakInFlight[slot]!,
        meanInFlight: this.#inSystemMs[slot]! / endMs,
        peakQueued: this.#peakQueued[slot]!,
        meanQueued: this.#waitMs[slot]! / endMs,
        utilisation: this.#busyMs[slot]! / (workers * endMs),
      };
    });
  }

  /**
   * Raises the instance's peak in flight after a request ending at `end` was taken at `nowMs`:
   * busy workers plus the queue. With a queue every worker is busy; without, the busy workers
   * (free after `nowMs`) are counted only when the bound says the peak may rise.
   */
  #notePeak(slot: number, nowMs: number, end: number, queuedNow: boolean): void {
    const workers = this.#workers[slot]!;
    const peak = this.#peakInFlight[slot]!;
    if (queuedNow) {
      this.#busyBound[slot] = workers;
      const inFlight = workers + this.#queued[slot]!;
      if (inFlight > peak) this.#peakInFlight[slot] = inFlight;
      return;
    }
    const bound = Math.min(workers, this.#busyBound[slot]! + 1);
    this.#busyBound[slot] = bound;
    if (bound <= peak) return;
    const base = this.#workerBase[slot]!;
    let busy = end > nowMs ? 0 : 1; // a zero-time request is in flight at the instant it is taken
    for (let w = 0; w < workers; w++) if (this.#free[base + w]! > nowMs) busy++;
    this.#busyBound[slot] = busy;
    if (busy > peak) this.#peakInFlight[slot] = busy;
  }

  #enqueue(slot: number, start: number): void {
    let ring = this.#rings[slot]!;
    const queued = this.#queued[slot]!;
    if (queued === ring.length) {
      const grown = new Float64Array(ring.length * 2);
      for (let k = 0; k < queued; k++)
        grown[k] = ring[(this.#head[slot]! + k) & (ring.length - 1)]!;
      this.#rings[slot] = ring = grown;
      this.#head[slot] = 0;
    }
    ring[(this.#head[slot]! + queued) & (ring.length - 1)] = start;
    this.#queued[slot] = queued + 1;
    if (queued + 1 > this.#peakQueued[slot]!) this.#peakQueued[slot] = queued + 1;
  }

  /** Replaces the earliest free time of the worker heap at [base, base + n) and sifts it down. */
  #replaceFirstFree(base: number, n: number, value: number): void {
    const free = this.#free;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && free[base + child + 1]! < free[base + child]!) child++;
      if (free[base + child]! >= value) break;
      free[base + i] = free[base + child]!;
      i = child;
    }
    free[base + i] = value;
  }
}

/** The service model of a scenario's instances, or null when none has one (the run is as before). */
export function createServiceModel(
  instances: readonly { readonly id: string; readonly service?: ServiceSpec | undefined }[],
  rng: Rng,
): ServiceModel | null {
  const services = instances.flatMap((i) =>
    i.service === undefined ? [] : [{ instance: i.id, spec: i.service }],
  );
  return services.length === 0 ? null : new ServiceModel(services, rng);
}
