/**
 * Passive health checks of TCP SSL, HTTP and HTTPS listeners (SPEC section 1): a forward that
 * fails is retried on another target and counts one failure against the first; after `failures`
 * (3) such failures the target is taken out for `ejectMs` (10 s), then restored.
 *
 * Modelling choice, as nginx's `max_fails`: the failures must come in a row — a successful forward
 * to the target resets its count — and the count restarts from zero after an ejection. Failures
 * reported while a target is ejected are ignored (it should not be picked then).
 *
 * A backend with a service model answers later: the balancer learns whether a request was
 * answered (a response that is not an error) when the answer or the client's timeout comes, so
 * such verdicts wait in a heap (`later`) and count in time order (`settle`). Rejections, errors and
 * timeouts count as failures; they are not retried (the request was delivered).
 *
 * Storage: a failure run (Uint32Array) and an ejection end time (Float64Array) per target slot,
 * grown by doubling to cover the largest slot seen; a heap of pending verdicts. O(1) per call
 * (O(log pending) for verdicts), allocation only on growth.
 * Determinism: no randomness; time is the `nowMs` passed in.
 */

import { DeadlineHeap } from '../listener/deadline-heap.js';

/** Options of a {@link PassiveCheck}. */
export interface PassiveCheckOptions {
  /**
   * Failed forwards in a row that eject a target.
   * @defaultValue 3
   */
  failures?: number;
  /**
   * How long an ejected target stays out, in simulated milliseconds.
   * @defaultValue 10000
   */
  ejectMs?: number;
  /**
   * Target slots to make room for up front.
   * @defaultValue 16
   */
  slots?: number;
}

/** Passive-check state of every target slot of one listener (or rule). */
export class PassiveCheck {
  /** Failed forwards in a row that eject a target. */
  readonly failures: number;
  /** How long an ejection lasts, in simulated milliseconds. */
  readonly ejectMs: number;
  #runs: Uint32Array;
  #until: Float64Array;
  /** Verdicts not known yet: when, and slot × 2 + 1 for a failure (+ 0 for a success). */
  readonly #pending = new DeadlineHeap();

  constructor(options: PassiveCheckOptions = {}) {
    const { failures = 3, ejectMs = 10_000, slots = 16 } = options;
    if (!Number.isInteger(failures) || failures < 1) {
      throw new RangeError(`passive-check: failures must be a positive integer, got ${failures}`);
    }
    if (!(ejectMs >= 0) || !Number.isFinite(ejectMs)) {
      throw new RangeError(
        `passive-check: ejectMs must be a non-negative finite number, got ${ejectMs}`,
      );
    }
    if (!Number.isInteger(slots) || slots < 0 || slots > 65536) {
      throw new RangeError(`passive-check: slots must be an integer in 0..65536, got ${slots}`);
    }
    this.failures = failures;
    this.ejectMs = ejectMs;
    this.#runs = new Uint32Array(Math.max(1, slots));
    this.#until = new Float64Array(Math.max(1, slots)).fill(-Infinity);
  }

  /**
   * Counts a failed forward to `slot` at `nowMs`; returns true when this failure ejected it
   * (until `nowMs + ejectMs`).
   */
  recordFailure(slot: number, nowMs: number): boolean {
    if (slot >= this.#runs.length) this.#grow(slot);
    if (nowMs < this.#until[slot]!) return false;
    const run = this.#runs[slot]! + 1;
    if (run >= this.failures) {
      this.#runs[slot] = 0;
      this.#until[slot] = nowMs + this.ejectMs;
      return true;
    }
    this.#runs[slot] = run;
    return false;
  }

  /** Counts a successful forward to `slot`: its run of failures starts again from zero. */
  recordSuccess(slot: number): void {
    if (slot < this.#runs.length) this.#runs[slot] = 0;
  }

  /** The verdict on a request to `slot` (answered or not) becomes known at `atMs`. */
  later(slot: number, answered: boolean, atMs: number): void {
    this.#pending.push(atMs, 2 * slot + (answered ? 0 : 1));
  }

  /** Counts the verdicts known by `nowMs`, in time order; true when one of them ejected a target. */
  settle(nowMs: number): boolean {
    const pending = this.#pending;
    let ejected = false;
    for (let atMs = pending.peekEnd(); atMs <= nowMs; atMs = pending.peekEnd()) {
      const tag = pending.pop();
      if ((tag & 1) === 0) this.recordSuccess(tag >>> 1);
      else if (this.recordFailure(tag >>> 1, atMs)) ejected = true;
    }
    return ejected;
  }

  /** Whether `slot` is out at `nowMs` (restored from `ejectedUntilMs(slot)` on). */
  isEjected(slot: number, nowMs: number): boolean {
    return slot < this.#until.length && nowMs < this.#until[slot]!;
  }

  /** When `slot`'s latest ejection ends (-Infinity if it was never ejected); may be in the past. */
  ejectedUntilMs(slot: number): number {
    return slot < this.#until.length ? this.#until[slot]! : -Infinity;
  }

  /** Forgets `slot`'s failures and ejection (the slot was unbound or reused). */
  reset(slot: number): void {
    if (slot < this.#runs.length) {
      this.#runs[slot] = 0;
      this.#until[slot] = -Infinity;
    }
  }

  #grow(slot: number): void {
    if (!Number.isInteger(slot) || slot < 0 || slot > 65535) {
      throw new RangeError(`passive-check: slot must be an integer in 0..65535, got ${slot}`);
    }
    let length = this.#runs.length;
    while (length <= slot) length *= 2;
    const runs = new Uint32Array(length);
    runs.set(this.#runs);
    const until = new Float64Array(length).fill(-Infinity);
    until.set(this.#until);
    this.#runs = runs;
    this.#until = until;
  }
}
