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

/** The whole report. */
export interface Report {
  readonly seed: string;
  readonly durationSec: number;
  readonly requests: number;
  /** Requests for which nothing was eligible (including layer-7 404s). */
  readonly unserved: number;
  /**
   * Second forwards: a request that failed on a TCP SSL, HTTP or HTTPS listener is retried once on
   * another target, and both forwards count in their targets' `requests`. So
   * `sum(servers[].requests) + unserved = requests + retries`.
   */
  readonly retries: number;
  readonly servers: readonly ServerReport[];
  readonly windows: readonly WindowReport[];
  readonly events: readonly EventReport[];
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
   * Total variation distance between shares and expected shares, per listener/rule, averaged
   * over them in proportion to the requests they forwarded (0 = weights followed exactly).
   */
  readonly meanDeviation: number;
  /** Clients of sticky pools that landed on another target after an event, over all events. */
  readonly clientsRemapped: number;
  /** Sessions moved to another target, over all events. */
  readonly sessionsMoved: number;
  readonly unserved: number;
  readonly failed: number;
  readonly blocked: number;
  /** Latency and failures over all targets, when some instance has a service model. */
  readonly service?: ServiceOutcomes;
}
