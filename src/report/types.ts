/**
 * The report `simulate` returns and `--format json` prints (SPEC section 3). Field names are a
 * public contract; fields may be added. Key order is fixed so the same seed gives the same bytes.
 */
import type { ServiceOutcomes, ServiceReport } from './latency-types.js';

export type * from './latency-types.js';

/** Health states a target goes through (SPEC section 1, health checks). */
export type HealthState = 'probing' | 'healthy' | 'abnormal' | 'closed';

/** A target's weight from `atSec` on. */
export interface WeightChange {
  readonly atSec: number;
  readonly weight: number;
}

/** One health transition of a target. */
export interface HealthTransition {
  readonly atSec: number;
  readonly state: HealthState;
}

/** How a backend sees the client's address (SPEC section 1, cross-network binding). */
export type ClientAddress = 'source' | 'toa' | 'x-forwarded-for' | 'hidden';

/** Per target of a listener (layer 4) or of a rule (layer 7). */
export interface ServerReport {
  readonly listener: string;
  /** The layer-7 rule id (`domain + path`), absent for layer-4 listeners. */
  readonly rule?: string;
  /** `<instance|eni|ip>:<port>`. */
  readonly target: string;
  /** The instance behind it, or null for an IDC address. */
  readonly instance: string | null;
  /**
   * How the backend learns the client's address: `source` (the load balancer passes it through),
   * or, for an IDC address behind SNAT, `toa` (TCP, TCP SSL), `x-forwarded-for` (HTTP, HTTPS) or
   * `hidden` (UDP: the backend only sees the SNAT IP).
   */
  readonly clientAddress: ClientAddress;
  /** Weight at the end of the run. */
  readonly weight: number;
  /** Every weight it had: from its binding, then each change (setWeight, rebinding). */
  readonly weights: readonly WeightChange[];
  /** Every request forwarded to the target, including failed and blocked ones. */
  readonly requests: number;
  /**
   * Connections opened to the target (layer 4, when the scenario sets
   * `traffic.requestsPerConnection`): several of its requests may ride one connection.
   */
  readonly connections?: number;
  /** requests / requests forwarded by its listener or rule. */
  readonly share: number;
  /** Time-weighted weight share among eligible targets. */
  readonly expectedShare: number;
  readonly newSessions: number;
  /** Sessions moved here from another target (off an abnormal one, or rescheduled). */
  readonly sessionsMovedIn: number;
  /** Sessions to this target that ended by idling past the timeout. */
  readonly sessionsExpired: number;
  /** Forwarded while the instance was down: not yet detected, or all targets abnormal (fail-open). */
  readonly failed: number;
  /** Refused by the target's security groups. */
  readonly blocked: number;
  readonly health: readonly HealthTransition[];
  /** What its clients got, when its instance has a service model. */
  readonly service?: ServiceOutcomes;
}

/** Requests per target id within [fromSec, toSec). */
export interface WindowReport {
  readonly fromSec: number;
  readonly toSec: number;
  readonly requests: Readonly<Record<string, number>>;
}

/** What one timed event did to live sessions (stickiness under change). */
export interface EventReport {
  readonly atSec: number;
  readonly op: string;
  /** What the event did, in words: `setWeight tcp-80 ins-3:8080 30→0`, `down ins-5`. */
  readonly description: string;
  /** The event's own fields as validated (defaults filled in), without `atSec` and `op`. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Live sessions the event moved to another target (or dropped, for unbind/release). */
  readonly sessionsMoved: number;
  readonly sessionsDropped: number;
  /** Where moved sessions went: target id to count. */
  readonly movedTo: Readonly<Record<string, number>>;
  /**
   * Clients of sticky pools (hashing pickers, session persistence) whose next requests went to
   * another target than before, counted from this event to the next.
   */
  readonly clientsRemapped: number;
}

/**
 * Why a request found nothing to serve it: the load balancer's own security groups refused its
 * client on the listener's port (before any rule or target); no layer-7 rule matched (404); or, in its pool, no
 * target bound, every bound target at weight 0, none healthy (probing or abnormal, but not all
 * abnormal, so no fail-open), the healthy ones ejected by passive checks, or the picker declined
 * though targets were eligible (a user picker may).
 */
export type UnservedReason =
  | 'refused-at-balancer'
  | 'no-rule-matched'
  | 'no-targets-bound'
  | 'all-weights-zero'
  | 'none-healthy'
  | 'all-ejected'
  | 'picker-declined';

/**
 * Unserved requests of one pool (or, for `no-rule-matched`, one layer-7 listener; for
 * `refused-at-balancer`, one listener) for one reason.
 */
export interface UnservedReport {
  readonly listener: string;
  /** The rule, absent for a layer-4 listener and for `no-rule-matched`. */
  readonly rule?: string;
  readonly reason: UnservedReason;
  readonly requests: number;
}

/** A span during which every target of a pool was abnormal and the pool forwarded to all of them. */
export interface FailOpenReport {
  readonly listener: string;
  readonly rule?: string;
  readonly fromSec: number;
  /** The end of the span, or the end of the run if it never ended. */
  readonly toSec: number;
}

/** One entry of the traffic mix (one per listener when the scenario has none) and where it went. */
export interface MixReport {
  readonly listener: string;
  readonly host?: string;
  readonly path?: string;
  readonly weight: number;
  /** The rule it matched on a layer-7 listener, null for a 404; absent on layer 4. */
  readonly rule?: string | null;
  /** Requests drawn for this entry. */
  readonly requests: number;
}

/** From `atSec` on, each target's expected share in its pool (weight share among eligible targets). */
export interface ExpectedStep {
  readonly atSec: number;
  /** Target id to expected share; targets taking no new requests are left out. */
  readonly shares: Readonly<Record<string, number>>;
}

/** One pool's requests in one report window (same index as {@link Report.windows}). */
export interface PoolWindowReport {
  readonly fromSec: number;
  readonly toSec: number;
  /** Forwards per target id (retries included, as in `servers[].requests`). */
  readonly requests: Readonly<Record<string, number>>;
  /** Forwards that failed (the instance was down). */
  readonly failed: number;
  /** Requests that found nothing eligible. */
  readonly unserved: number;
}

/** One pool (a layer-4 listener, or a rule of a layer-7 listener) over time. */
export interface PoolReport {
  readonly listener: string;
  readonly rule?: string;
  readonly algorithm: string;
  /** Expected shares, a step each time the eligible weights changed. */
  readonly expected: readonly ExpectedStep[];
  readonly windows: readonly PoolWindowReport[];
}

/** Per availability zone: what the targets of its instances got (present when instances have zones). */
export interface ZoneReport {
  /** The zone, or null for targets whose instance has no zone, and IDC addresses. */
  readonly zone: string | null;
  /** The instances in the zone (scenario order). */
  readonly instances: readonly string[];
  /** Requests forwarded to the zone's targets, failed and blocked ones included. */
  readonly requests: number;
  /** requests / every request forwarded to a target. */
  readonly share: number;
  readonly failed: number;
  readonly blocked: number;
  /** The zone's bound targets at the end of the run, by health state. */
  readonly health: Readonly<Record<HealthState, number>>;
  /** Requests per report window, in the order of the report's `windows`. */
  readonly windows: readonly number[];
}

/** The whole report. */
export interface Report {
  /** Version of this report's layout: raised when a field changes meaning or goes; additions keep it. */
  readonly format: number;
  /** The lbsim version that produced the report. */
  readonly lbsimVersion: string;
  /** The scenario's `name`, when it has one. */
  readonly name?: string;
  /** The scenario's `description`, when it has one. */
  readonly description?: string;
  readonly seed: string;
  readonly durationSec: number;
  readonly requests: number;
  /** Connections opened over the layer-4 listeners (when the scenario sets `traffic.requestsPerConnection`). */
  readonly connections?: number;
  /**
   * Requests for which nothing was eligible (including layer-7 404s and those the load
   * balancer's own security groups refused).
   */
  readonly unserved: number;
  /**
   * Second forwards: a request that failed on a TCP SSL, HTTP or HTTPS listener is retried once on
   * another target, and both forwards count in their targets' `requests`. So
   * `sum(servers[].requests) + unserved = requests + retries`.
   */
  readonly retries: number;
  readonly servers: readonly ServerReport[];
  readonly windows: readonly WindowReport[];
  /** Width of the report windows in seconds (the last one may be shorter). */
  readonly windowSec: number;
  readonly events: readonly EventReport[];
  /** `unserved` by pool and reason (non-zero only): pools in report order, 404s after each listener's rules. */
  readonly unservedBy: readonly UnservedReport[];
  /** Fail-open spans ("all dead, all alive"), in time order. */
  readonly failOpen: readonly FailOpenReport[];
  /** The traffic mix, entry by entry, with the rule each reached and its requests. */
  readonly mix: readonly MixReport[];
  /** Per pool: expected shares over time and requests per window. */
  readonly pools: readonly PoolReport[];
  /** Per availability zone; present only when some instance has a `zone`. */
  readonly zones?: readonly ZoneReport[];
  /** Latency, errors, rejections, timeouts and queues: only when some instance has a service model. */
  readonly service?: ServiceReport;
}

/** One algorithm's results when a scenario is run with every listener and rule switched to it. */
export interface AlgorithmComparison {
  readonly algorithm: string;
  /** Why the scenario is invalid with this algorithm (e.g. least connections with persistence). */
  readonly invalid?: string;
  /** Largest |share − expectedShare| of any target, as a fraction. */
  readonly maxDeviation: number;
  /**
   * Per listener/rule, the mean |share − expectedShare| over its targets; averaged over them in
   * proportion to the requests they forwarded (0 = weights followed exactly). Never larger than
   * `maxDeviation`.
   */
  readonly meanDeviation: number;
  /** Clients of sticky pools that landed on another target after an event, over all events. */
  readonly clientsRemapped: number;
  /** Sessions moved to another target, over all events. */
  readonly sessionsMoved: number;
  /**
   * Whether `clientsRemapped` was counted: some pool hashes the client (a sticky algorithm) or
   * keeps sessions. When false it is 0 because nothing is expected to stick, and shown as n/a.
   */
  readonly remapsCounted: boolean;
  /** Whether some pool keeps sessions (else `sessionsMoved` is 0 by construction, shown as n/a). */
  readonly sessionsCounted: boolean;
  readonly unserved: number;
  readonly failed: number;
  readonly blocked: number;
  /** Latency and failures over all targets, when some instance has a service model. */
  readonly service?: ServiceOutcomes;
}
