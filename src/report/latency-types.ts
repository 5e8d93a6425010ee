/**
 * The service model's part of the report (present only when some instance has a `service`):
 * latency percentiles over responses, what did not get one, and each instance's queue figures.
 * Latencies are in ms, from a log histogram whose quantiles are within 0.79% of the exact value.
 */

/** Latency over the requests that got a response (errors included), in ms. */
export interface LatencySummary {
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
}

/** What the clients of one target (or of all of them) got. */
export interface ServiceOutcomes {
  /** Requests answered (errors included). */
  readonly responses: number;
  readonly latencyMs: LatencySummary;
  /** Answered with an error (`errorRate`, `errors` events). */
  readonly errors: number;
  /** Refused at once: every worker busy and the queue full. */
  readonly rejected: number;
  /** The client gave up after `timeoutMs` (the server may still have served it). */
  readonly timedOut: number;
}

/** One instance's workers and queue over the run (time averages over [0, durationSec]). */
export interface InstanceServiceReport {
  readonly instance: string;
  readonly workers: number;
  readonly peakInFlight: number;
  readonly meanInFlight: number;
  readonly peakQueued: number;
  readonly meanQueued: number;
  /** Busy worker time over workers × duration. */
  readonly utilisation: number;
}

/** Latency percentiles of one report window of one pool. */
export interface LatencyWindow {
  readonly fromSec: number;
  readonly toSec: number;
  readonly responses: number;
  /** Requests that got no response: rejected, or the client timed out (not in the percentiles). */
  readonly unanswered: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

/** One pool's latency over time. */
export interface PoolLatency {
  readonly listener: string;
  readonly rule?: string;
  readonly windows: readonly LatencyWindow[];
}

/** The report's `service` section. */
export interface ServiceReport extends ServiceOutcomes {
  readonly instances: readonly InstanceServiceReport[];
  readonly pools: readonly PoolLatency[];
}
