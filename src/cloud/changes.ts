/**
 * What one timed event changes in the cloud, as values: validation replays events to check them,
 * the engine applies the same changes at simulated time and reacts (pickers, sessions, probes).
 */
import type { InstanceSpec, ServiceEventSpec, TargetSpec } from '../scenario/types.js';
import type { ModeSwitchProblem } from './backend-modes.js';
import type { PoolRef } from './pool-ref.js';

/** One change to what is bound where, or to an instance or a security group. */
export type Change =
  /** A target joins a pool (probing until healthy, when health checks are on). */
  | { readonly kind: 'bind'; readonly pool: PoolRef; readonly target: TargetSpec }
  /** A target leaves a pool: forwarding stops at once and its sessions are dropped. */
  | { readonly kind: 'unbind'; readonly pool: PoolRef; readonly target: TargetSpec }
  /** A bound target's weight changes (`target` carries the new weight). */
  | { readonly kind: 'weight'; readonly pool: PoolRef; readonly target: TargetSpec }
  /** A bound target moves to another port; its id changes from `from` to `target.id`. */
  | {
      readonly kind: 'port';
      readonly pool: PoolRef;
      readonly from: string;
      readonly target: TargetSpec;
    }
  /** An instance goes down or comes back up (health checks notice later). */
  | { readonly kind: 'power'; readonly instance: string; readonly up: boolean }
  /** An auto-scaling group launched an instance, to be bound as `target` (a `bind` follows). */
  | { readonly kind: 'launch'; readonly instance: InstanceSpec; readonly target: TargetSpec }
  /** A security group was bound to or unbound from an instance: its ordered list changed. */
  | { readonly kind: 'groups'; readonly instance: string }
  /** A security group's inbound rules were replaced. */
  | { readonly kind: 'rules'; readonly securityGroup: string }
  /** Scaling finished: sessions may be handed out again (the reschedule-on-scale switch). */
  | { readonly kind: 'rebalance'; readonly pool: PoolRef }
  /** An instance's service model changes (slow, errors, blackhole, restore). */
  | { readonly kind: 'service'; readonly event: ServiceEventSpec }
  /**
   * A bound target's instance changed (its ENI moved): from now on that instance's power, security
   * groups and service model apply to it. It stays bound, with its health and sessions.
   */
  | {
      readonly kind: 'owner';
      readonly pool: PoolRef;
      readonly target: TargetSpec;
      readonly instance: string;
    };

/** The kinds of change. */
export type ChangeKind = Change['kind'];

/**
 * Why part of an event could not be applied; validation reports these at the event's paths.
 * `index` is the position of the target (or launch, or removed instance) within the event.
 */
export type Refusal =
  | { readonly kind: 'noTarget'; readonly index: number; readonly id: string }
  | { readonly kind: 'clash'; readonly index: number; readonly id: string; readonly with: string }
  | { readonly kind: 'alreadyBound'; readonly index: number; readonly id: string }
  | {
      readonly kind: 'released';
      readonly index: number;
      readonly instance: string;
      readonly atSec: number;
    }
  | { readonly kind: 'instanceExists'; readonly index: number; readonly instance: string }
  | { readonly kind: 'noTargetOfInstance'; readonly index: number; readonly instance: string }
  /** The group is already bound to the instance (bind), or is not (unbind). */
  | {
      readonly kind: 'groupBound' | 'groupNotBound';
      readonly index: number;
      readonly instance: string;
      readonly securityGroup: string;
    }
  /** No instance is in the zone an event names. */
  | { readonly kind: 'emptyZone'; readonly index: number; readonly zone: string }
  /** No instance has the ENI attached. */
  | { readonly kind: 'noEni'; readonly index: number; readonly eni: string }
  /**
   * The ENI cannot move there: it is the primary NIC of its instance (`primary`), it is already
   * attached to that instance (`same`), or that instance is in another VPC or zone (`elsewhere`).
   */
  | {
      readonly kind: 'eniPrimary' | 'eniSame' | 'eniElsewhere';
      readonly index: number;
      readonly eni: string;
      /** The instance the ENI is attached to. */
      readonly from: string;
    }
  /** The binding mode cannot switch so (see `backend-modes.ts`). */
  | {
      readonly kind: 'modeSwitch';
      readonly index: number;
      readonly problem: Exclude<ModeSwitchProblem, null>;
    };
