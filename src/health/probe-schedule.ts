/**
 * When health probes run and when their outcomes are known (SPEC section 1, "Health checks").
 *
 * Each target is probed every `interval`, whatever its weight, at a fixed phase within the interval
 * taken from an xxh32 hash of its id, so probes of different targets spread out instead of all
 * firing on the same tick. A probe's outcome is known at the probe time when it succeeds (the
 * answer's round trip is taken as zero) and at probe time + `timeout` when it fails (no answer).
 * Because the timeout is shorter than the interval, outcomes arrive in probe order.
 * Determinism: pure functions of their arguments.
 */
import { xxh32 } from '../hash/xxh32.js';

/** Seed of the phase hash, so phases do not correlate with other hashes of target ids. */
const PHASE_SEED = 0x70726f62; // 'prob'

/**
 * A target's probe phase: a whole number of milliseconds in [0, intervalMs) that depends only on
 * its id and the interval. Its probes run at phase + k × interval.
 */
export function probePhaseMs(targetId: string, intervalMs: number): number {
  if (!(intervalMs > 0) || !Number.isFinite(intervalMs)) {
    throw new RangeError(
      `probe-schedule: intervalMs must be a positive finite number, got ${String(intervalMs)}`,
    );
  }
  // The hash scaled to [0, 1) times the interval; the min guards non-integer intervals.
  const phase = Math.floor((xxh32(targetId, PHASE_SEED) / 2 ** 32) * intervalMs);
  return Math.min(phase, Math.ceil(intervalMs) - 1);
}

/**
 * How long after the probe its outcome is known: 0 for a success (the answer is taken as
 * immediate), `timeoutMs` for a failure (the load balancer waits out the response timeout).
 */
export function probeOutcomeDelayMs(ok: boolean, timeoutMs: number): number {
  return ok ? 0 : timeoutMs;
}
