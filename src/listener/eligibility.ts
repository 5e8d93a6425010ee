/**
 * Which targets of a pool may take new requests, and with what weight (SPEC section 1): bound,
 * weight > 0, healthy or closed (checks off), and not ejected by passive checks. When every bound
 * target with weight > 0 is abnormal, all of them take traffic ("all dead, all alive": fail-open).
 * A target in its slow-start ramp takes the ramp's weight (`balancer/slow-start.ts`).
 * A pure function of the targets and the time; O(n).
 */
import { nextSlowStartMs, slowStartWeight } from '../balancer/slow-start.js';
import { takesTraffic, type HealthStatus } from '../health/health-state.js';
import type { UnservedReason } from '../report/types.js';

/** Why a pool may find no target, by index (what `Eligibility.nothingEligible` holds). */
export const POOL_UNSERVED_REASONS = [
  'no-targets-bound',
  'all-weights-zero',
  'none-healthy',
  'all-ejected',
  'picker-declined',
] as const satisfies readonly UnservedReason[];

/** What eligibility needs to know about one target. */
export interface Candidate {
  readonly bound: boolean;
  readonly weight: number;
  readonly health: HealthStatus;
  /** Since when its slow-start ramp runs (-Infinity or absent: none). */
  readonly rampFromMs?: number;
}

/** The eligible weights of a pool at one moment. */
export interface Eligibility {
  /** Per target, the weight the picker uses now (0: not eligible). */
  readonly weights: Int32Array;
  /** Every candidate is abnormal, so all of them take traffic. */
  readonly failOpen: boolean;
  /**
   * The earliest time the weights change by themselves: a passive ejection in force ends, or a
   * slow-start ramp takes a step (Infinity: none).
   */
  readonly nextRestoreMs: number;
  /**
   * Index in {@link POOL_UNSERVED_REASONS} of why a request would find no target: with no weight
   * left, the first reason that applies; otherwise `picker-declined`.
   */
  readonly nothingEligible: number;
}

/** No passive checks: nothing is ever ejected. */
const NEVER_EJECTED = (): number => -Infinity;

/**
 * The eligible weights of `targets` at `nowMs`. `ejectedUntilMs(i)` tells until when passive checks
 * keep target `i` out; a time at or before `nowMs` means it is not ejected. `slowStartSec` is the
 * pool's slow-start window (0: off).
 */
export function eligibility(
  targets: readonly Candidate[],
  nowMs: number,
  ejectedUntilMs: (index: number) => number = NEVER_EJECTED,
  slowStartSec = 0,
): Eligibility {
  const n = targets.length;
  const weights = new Int32Array(n);
  let any = false;
  let allAbnormal = true;
  let candidates = 0;
  let bound = 0;
  let ejected = 0;
  let nextRestoreMs = Infinity;
  for (let i = 0; i < n; i++) {
    const t = targets[i]!;
    if (t.bound) bound++;
    if (!t.bound || t.weight === 0) continue;
    candidates++;
    if (t.health.state !== 'abnormal') allAbnormal = false;
    if (!takesTraffic(t.health)) continue;
    ejected++;
    const until = ejectedUntilMs(i);
    if (until > nowMs) {
      nextRestoreMs = Math.min(nextRestoreMs, until);
      continue;
    }
    weights[i] = t.weight;
    const rampFromMs = t.rampFromMs ?? -Infinity;
    if (slowStartSec > 0 && rampFromMs > -Infinity) {
      weights[i] = slowStartWeight(t.weight, rampFromMs, nowMs, slowStartSec);
      nextRestoreMs = Math.min(nextRestoreMs, nextSlowStartMs(rampFromMs, nowMs, slowStartSec));
    }
    ejected--;
    any = true;
  }
  const failOpen = !any && candidates > 0 && allAbnormal;
  if (failOpen) {
    for (let i = 0; i < n; i++) {
      const t = targets[i]!;
      if (t.bound) weights[i] = t.weight;
    }
  }
  const reason: UnservedReason =
    any || failOpen
      ? 'picker-declined'
      : bound === 0
        ? 'no-targets-bound'
        : candidates === 0
          ? 'all-weights-zero'
          : ejected > 0
            ? 'all-ejected'
            : 'none-healthy';
  const nothingEligible = (POOL_UNSERVED_REASONS as readonly UnservedReason[]).indexOf(reason);
  return { weights, failOpen, nextRestoreMs, nothingEligible };
}

/** Whether two effective weight vectors are the same. */
export function sameWeights(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Adds to each target's expected time the share of `dtMs` its effective weight gives it (the
 * integral behind the expected share). Nothing when `dtMs` ≤ 0 or no weight is positive.
 */
export function accrueExpected(
  targets: readonly { readonly tally: { expectedMs: number } }[],
  effective: Int32Array,
  dtMs: number,
): void {
  if (dtMs <= 0) return;
  let total = 0;
  for (let i = 0; i < effective.length; i++) total += effective[i]!;
  if (total === 0) return;
  for (let i = 0; i < effective.length; i++) {
    if (effective[i]! > 0) targets[i]!.tally.expectedMs += (dtMs * effective[i]!) / total;
  }
}
