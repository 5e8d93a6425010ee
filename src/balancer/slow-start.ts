/**
 * Slow start: a target that starts taking traffic during the run has its weight ramped linearly
 * over a window, as HAProxy's `slowstart` does (`server_recalc_eweight` and `server_warmup`,
 * src/server.c): the weight grows in steps of max(1 s, window / 20) — "small 5 % steps" — from
 * the smallest positive weight at once to the full weight when the window ends:
 *
 *   weight(k) = max(1, ceil(w × k / S)) for step k = 0 .. S − 1, then w      (S steps a window)
 *
 * with k counted from the moment the target started taking traffic. The configured weight is
 * read at every step, so a weight change during the ramp retargets it (HAProxy recomputes the
 * effective weight from the user weight in the same way). nginx Plus ramps from 0 and Envoy
 * ramps by (time / window)^(1 / aggression) from a floor of 10 %; the linear ramp with HAProxy's
 * steps is the one implemented here.
 *
 * Pure functions of integers and simulated milliseconds; O(1).
 */

/** Most steps of a window (HAProxy's 5 % steps). */
export const SLOW_START_STEPS = 20;
/** Shortest step, in ms (HAProxy revisits a warming server at most once a second). */
export const SLOW_START_MIN_STEP_MS = 1000;

/**
 * Steps of a window of `windowSec` whole seconds: 20 from 20 s up, else one a second (at least 1).
 * The step, windowSec × 1000 / steps, is then a whole number of ms (50 ms multiples).
 */
export function slowStartSteps(windowSec: number): number {
  return Math.max(1, Math.min(SLOW_START_STEPS, Math.floor(windowSec)));
}

/** The step of a window of `windowSec` seconds, in ms: max(1 s, window / 20). */
export function slowStartStepMs(windowSec: number): number {
  return (windowSec * 1000) / slowStartSteps(windowSec);
}

/**
 * The step a ramp that started at `sinceMs` is at, at `nowMs`: 0 at the start, `steps` (or more)
 * once the window is over. Boundaries are `sinceMs + k × step`, compared exactly as
 * {@link nextSlowStartMs} computes them.
 */
function stepAt(sinceMs: number, nowMs: number, windowSec: number): number {
  const step = slowStartStepMs(windowSec);
  let k = Math.max(0, Math.floor((nowMs - sinceMs) / step));
  // Floating-point subtraction may land a hair below a boundary that addition reaches.
  if (sinceMs + (k + 1) * step <= nowMs) k++;
  else if (k > 0 && sinceMs + k * step > nowMs) k--;
  return k;
}

/**
 * The weight a target of configured weight `weight` takes at `nowMs` when it started taking
 * traffic at `sinceMs`, with a window of `windowSec` (0: no slow start, the weight itself).
 */
export function slowStartWeight(
  weight: number,
  sinceMs: number,
  nowMs: number,
  windowSec: number,
): number {
  if (windowSec <= 0 || weight === 0) return weight;
  const steps = slowStartSteps(windowSec);
  const k = stepAt(sinceMs, nowMs, windowSec);
  if (k >= steps) return weight;
  return Math.max(1, Math.ceil((weight * k) / steps));
}

/** When the ramp that started at `sinceMs` takes its next step after `nowMs` (Infinity: done). */
export function nextSlowStartMs(sinceMs: number, nowMs: number, windowSec: number): number {
  if (windowSec <= 0) return Infinity;
  const k = stepAt(sinceMs, nowMs, windowSec);
  if (k >= slowStartSteps(windowSec)) return Infinity;
  return sinceMs + (k + 1) * slowStartStepMs(windowSec);
}

/** Weight updates one ramp may cause at most: one per step and one at its end. */
export function slowStartUpdates(windowSec: number): number {
  return windowSec > 0 ? slowStartSteps(windowSec) + 1 : 0;
}
