/**
 * Health-probe timing for every bound target of every pool: when each probe starts and when its
 * outcome is known (`health/probe-schedule.ts` says when; this keeps the queue). Two deadline heaps
 * hold integer payloads so that scheduling allocates nothing per probe:
 * a `ProbeTag` names a target of a pool, an `OutcomeCode` a tag and whether the probe succeeded.
 */
import { probeOutcomeDelayMs, probePhaseMs } from '../health/probe-schedule.js';
import { DeadlineHeap } from '../listener/deadline-heap.js';
import { TARGETS_PER_POOL } from '../limits.js';
export { TARGETS_PER_POOL } from '../limits.js';

/** A pool index and a target index within it, packed as `pool * TARGETS_PER_POOL + target`. */
type ProbeTag = number;
/** A probe tag and its result, packed as `tag * 2 + (ok ? 1 : 0)`. */
type OutcomeCode = number;

/** A probe due: which target of which pool. */
export interface ProbeDue {
  readonly pool: number;
  readonly target: number;
}

/** A probe outcome due: which target, and whether the probe succeeded. */
export interface OutcomeDue extends ProbeDue {
  readonly ok: boolean;
}

/** Probe start and outcome queues over all pools. */
export class ProbeScheduler {
  readonly #starts = new DeadlineHeap();
  readonly #outcomes = new DeadlineHeap();
  /** Tags with a probe queued: a target re-bound while its probes still run gets no second series. */
  readonly #queued = new Set<ProbeTag>();
  /** Per pool, probe interval and timeout in ms. */
  readonly #timing: { readonly intervalMs: number; readonly timeoutMs: number }[] = [];

  /** Registers pool number `pool` (in order) with its probe timing. */
  addPool(intervalMs: number, timeoutMs: number): void {
    this.#timing.push({ intervalMs, timeoutMs });
  }

  /** Starts probing a target at its phase after `nowMs`, unless its probes already run. */
  start(pool: number, target: number, targetId: string, nowMs: number): void {
    if (target >= TARGETS_PER_POOL) {
      throw new RangeError(`simulation: more than ${TARGETS_PER_POOL} targets in one pool`);
    }
    const tag: ProbeTag = pool * TARGETS_PER_POOL + target;
    if (this.#queued.has(tag)) return;
    this.#queued.add(tag);
    this.#starts.push(nowMs + probePhaseMs(targetId, this.#timing[pool]!.intervalMs), tag);
  }

  /** When the next probe starts (Infinity: none). */
  nextStartMs(): number {
    return this.#starts.peekEnd();
  }

  /** When the next outcome is known (Infinity: none). */
  nextOutcomeMs(): number {
    return this.#outcomes.peekEnd();
  }

  /** Takes the earliest probe start (the caller checks it is due). */
  takeStart(): ProbeDue {
    const tag = this.#starts.pop();
    return { pool: poolOf(tag), target: targetOf(tag) };
  }

  /** The target is no longer bound: its probe series ends. */
  stop(due: ProbeDue): void {
    this.#queued.delete(due.pool * TARGETS_PER_POOL + due.target);
  }

  /** Records the probe started at `atMs` and its result; the next probe follows one interval later. */
  probed(due: ProbeDue, ok: boolean, atMs: number): void {
    const tag: ProbeTag = due.pool * TARGETS_PER_POOL + due.target;
    const timing = this.#timing[due.pool]!;
    const code: OutcomeCode = tag * 2 + (ok ? 1 : 0);
    this.#outcomes.push(atMs + probeOutcomeDelayMs(ok, timing.timeoutMs), code);
    this.#starts.push(atMs + timing.intervalMs, tag);
  }

  /** Takes the earliest outcome (the caller checks it is due). */
  takeOutcome(): OutcomeDue {
    const code: OutcomeCode = this.#outcomes.pop();
    const tag = code >>> 1;
    return { pool: poolOf(tag), target: targetOf(tag), ok: (code & 1) === 1 };
  }
}

function poolOf(tag: ProbeTag): number {
  return (tag / TARGETS_PER_POOL) | 0;
}

function targetOf(tag: ProbeTag): number {
  return tag % TARGETS_PER_POOL;
}
