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

/** SPEC defaults: probe every 5 s, 2 s response timeout, 3 outcomes in a row to change state. */
export const HEALTH_DEFAULTS = {
  intervalSec: 5,
  timeoutSec: 2,
  healthyThreshold: 3,
  unhealthyThreshold: 3,
} as const;

/** Allowed probe interval in seconds (inclusive). */
export const HEALTH_INTERVAL_RANGE = { min: 2, max: 300 } as const;
/** Allowed response timeout in seconds (inclusive), which must also be smaller than the interval. */
export const HEALTH_TIMEOUT_RANGE = { min: 2, max: 60 } as const;
/** Allowed healthy and unhealthy thresholds (inclusive). */
export const HEALTH_THRESHOLD_RANGE = { min: 2, max: 10 } as const;

/** Seed of the phase hash, so phases do not correlate with other hashes of target ids. */
const PHASE_SEED = 0x70726f62; // 'prob'

/** Health-check settings in seconds, as a scenario gives them; every field optional. */
export interface HealthCheckOptions {
  /** @defaultValue 5 */
  readonly intervalSec?: number;
  /** @defaultValue 2 */
  readonly timeoutSec?: number;
  /** @defaultValue 3 */
  readonly healthyThreshold?: number;
  /** @defaultValue 3 */
  readonly unhealthyThreshold?: number;
}

/** Validated health-check settings, in simulated milliseconds. */
export interface ResolvedHealthCheck {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
}

function checkInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `probe-schedule: ${name} must be an integer in ${min}..${max}, got ${String(value)}`,
    );
  }
  return value;
}

/**
 * Fills in defaults and checks the SPEC ranges (interval 2..300 s, timeout 2..60 s and smaller
 * than the interval, thresholds 2..10, all integers). Throws a `RangeError` naming the field.
 */
export function resolveHealthCheck(options: HealthCheckOptions = {}): ResolvedHealthCheck {
  const intervalSec = checkInteger(
    'intervalSec',
    options.intervalSec ?? HEALTH_DEFAULTS.intervalSec,
    HEALTH_INTERVAL_RANGE.min,
    HEALTH_INTERVAL_RANGE.max,
  );
  const timeoutSec = checkInteger(
    'timeoutSec',
    options.timeoutSec ?? HEALTH_DEFAULTS.timeoutSec,
    HEALTH_TIMEOUT_RANGE.min,
    HEALTH_TIMEOUT_RANGE.max,
  );
  if (timeoutSec >= intervalSec) {
    throw new RangeError(
      `probe-schedule: timeoutSec must be smaller than intervalSec (${intervalSec}), got ${timeoutSec}`,
    );
  }
  const { min, max } = HEALTH_THRESHOLD_RANGE;
  return {
    intervalMs: intervalSec * 1000,
    timeoutMs: timeoutSec * 1000,
    healthyThreshold: checkInteger(
      'healthyThreshold',
      options.healthyThreshold ?? HEALTH_DEFAULTS.healthyThreshold,
      min,
      max,
    ),
    unhealthyThreshold: checkInteger(
      'unhealthyThreshold',
      options.unhealthyThreshold ?? HEALTH_DEFAULTS.unhealthyThreshold,
      min,
      max,
    ),
  };
}

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
 * The first probe time at or after `fromMs` on the grid phaseMs + k × intervalMs (k an integer).
 * A target bound at `fromMs` is first probed then.
 */
export function nextProbeMs(phaseMs: number, intervalMs: number, fromMs: number): number {
  const k = Math.ceil((fromMs - phaseMs) / intervalMs);
  return phaseMs + k * intervalMs;
}

/**
 * How long after the probe its outcome is known: 0 for a success (the answer is taken as
 * immediate), `timeoutMs` for a failure (the load balancer waits out the response timeout).
 */
export function probeOutcomeDelayMs(ok: boolean, timeoutMs: number): number {
  return ok ? 0 : timeoutMs;
}
