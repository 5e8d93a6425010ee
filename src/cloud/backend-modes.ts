/**
 * The load balancer's binding modes and which switches between them the product allows (SPEC
 * section 1, cross-network binding): same-region binding may turn on either cross-network mode;
 * cross-region binding 1.0 (`cross-region-v1`), once set to another region, cannot return to
 * same-region binding (only to another region); non-VPC IPs (`non-vpc-ips`, cross-region binding
 * 2.0) can switch back to same-region binding. The console offers the two cross-network modes as one
 * or the other, so 2.0 goes back to same-region binding before 1.0 is turned on.
 *
 * What the load balancer must be for a mode (public, standard) is checked by
 * `scenario/load-balancer-rules.ts`, and which targets a mode allows by `scenario/binding-rules.ts`.
 * Also the release rule that depends on the mode. O(1), pure.
 */
import type { BackendMode, InstanceSpec, LoadBalancerSpec } from '../scenario/types.js';

/** The binding modes, as `loadBalancer.backendMode` and the `setBackendMode` event write them. */
export const BACKEND_MODES = [
  'same-vpc',
  'cross-region-v1',
  'non-vpc-ips',
] as const satisfies readonly BackendMode[];

/** Why a switch is refused, or null when the product allows it. */
export type ModeSwitchProblem = 'unchanged' | 'v1-final' | 'one-or-the-other' | null;

/**
 * Whether the mode may switch from `from` (with `fromRegion`, its 1.0 region) to `to`
 * (`toRegion`). A 1.0 load balancer may move to another region but never leave 1.0.
 */
export function modeSwitchProblem(
  from: BackendMode,
  fromRegion: string | undefined,
  to: BackendMode,
  toRegion: string | undefined,
): ModeSwitchProblem {
  if (from === to)
    return from === 'cross-region-v1' && fromRegion !== toRegion ? null : 'unchanged';
  if (from === 'cross-region-v1') return 'v1-final';
  if (from === 'non-vpc-ips' && to === 'cross-region-v1') return 'one-or-the-other';
  return null;
}

/** A refused switch in words, to follow `cannot switch from "x" to "y": `. */
export function describeModeSwitchProblem(problem: Exclude<ModeSwitchProblem, null>): string {
  switch (problem) {
    case 'unchanged':
      return 'the load balancer already uses that mode';
    case 'v1-final':
      return 'cross-region binding 1.0 cannot be turned off once set to another region (same-region binding cannot be restored, and the cross-network modes are one or the other); it can only move to another region';
    case 'one-or-the-other':
      return 'the two cross-network modes are one or the other: switch to "same-vpc" first';
  }
}

/**
 * Whether releasing an instance leaves its targets bound: under non-VPC IPs (cross-region binding
 * 2.0) a target in another region stays bound, and turns abnormal, until unbound by hand.
 */
export function releaseKeepsTargets(lb: LoadBalancerSpec | null, instance: InstanceSpec): boolean {
  return lb?.backendMode === 'non-vpc-ips' && instance.region !== lb.region;
}
