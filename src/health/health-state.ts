/**
 * Health state of one target port, as a tagged union with a pure step function (the shape of
 * cockatiel's circuit-breaker state). SPEC section 1, "Health checks":
 *
 * - `probing`: newly bound; no traffic. `healthyThreshold` successes in a row make it `healthy`.
 *   Modelling choice: `unhealthyThreshold` failures in a row make it `abnormal`, as the real
 *   console shows a new target whose probes fail as abnormal rather than "checking" forever. This
 *   also lets a rule whose new targets all fail fall back to "all dead, all alive".
 * - `healthy`: takes traffic; `unhealthyThreshold` failures in a row make it `abnormal`.
 * - `abnormal`: no traffic; `healthyThreshold` successes in a row make it `healthy`.
 * - `closed`: health checks off; takes traffic and never changes.
 *
 * In each state the opposite outcome resets the run. `since` is the time of the last state
 * change (counter updates keep it).
 * Complexity: O(1) per step; a step allocates one small object only when something changes.
 * Determinism: pure functions of their arguments.
 */

/** Where a target stands, with the run of probe outcomes that counts towards leaving that state. */
export type HealthStatus =
  | {
      readonly state: 'probing';
      /** Successful probes in a row. */
      readonly successes: number;
      /** Failed probes in a row. */
      readonly failures: number;
      readonly since: number;
    }
  | { readonly state: 'healthy'; readonly failures: number; readonly since: number }
  | { readonly state: 'abnormal'; readonly successes: number; readonly since: number }
  | { readonly state: 'closed'; readonly since: number };

/** The name of a health state. */
export type HealthStateName = HealthStatus['state'];

/** Consecutive probe outcomes needed to change state (SPEC: integers 2..10, default 3). */
export interface HealthThresholds {
  /** Successes in a row that make a probing or abnormal target healthy. */
  readonly healthyThreshold: number;
  /** Failures in a row that make a healthy (or probing) target abnormal. */
  readonly unhealthyThreshold: number;
}

/**
 * The state a target starts in: `steady` (present when the scenario starts) → healthy,
 * `new` (bound during the run) → probing, `off` (health checks disabled) → closed.
 */
export function initialHealth(kind: 'steady' | 'new' | 'off', nowMs: number): HealthStatus {
  switch (kind) {
    case 'steady':
      return { state: 'healthy', failures: 0, since: nowMs };
    case 'new':
      return { state: 'probing', successes: 0, failures: 0, since: nowMs };
    case 'off':
      return { state: 'closed', since: nowMs };
    default:
      throw new TypeError(
        `health-state: kind must be 'steady', 'new' or 'off', got ${JSON.stringify(kind)}`,
      );
  }
}

/**
 * The status after one probe outcome known at `nowMs`. Pure; returns `status` itself when nothing
 * changes (a success while healthy with no failures counted, a failure while abnormal with no
 * successes counted, anything while closed), so `next !== status` means "changed" and
 * `next.state !== status.state` means "transitioned". Thresholds are not validated here (see
 * the scenario validator, which keeps them in 2..10); a threshold below 1 acts as 1.
 */
export function stepHealth(
  status: HealthStatus,
  probeOk: boolean,
  nowMs: number,
  t: HealthThresholds,
): HealthStatus {
  switch (status.state) {
    case 'closed':
      return status;
    case 'healthy':
      if (probeOk) {
        return status.failures === 0
          ? status
          : { state: 'healthy', failures: 0, since: status.since };
      }
      return status.failures + 1 >= t.unhealthyThreshold
        ? { state: 'abnormal', successes: 0, since: nowMs }
        : { state: 'healthy', failures: status.failures + 1, since: status.since };
    case 'abnormal':
      if (!probeOk) {
        return status.successes === 0
          ? status
          : { state: 'abnormal', successes: 0, since: status.since };
      }
      return status.successes + 1 >= t.healthyThreshold
        ? { state: 'healthy', failures: 0, since: nowMs }
        : { state: 'abnormal', successes: status.successes + 1, since: status.since };
    case 'probing':
      if (probeOk) {
        return status.successes + 1 >= t.healthyThreshold
          ? { state: 'healthy', failures: 0, since: nowMs }
          : { state: 'probing', successes: status.successes + 1, failures: 0, since: status.since };
      }
      return status.failures + 1 >= t.unhealthyThreshold
        ? { state: 'abnormal', successes: 0, since: nowMs }
        : { state: 'probing', successes: 0, failures: status.failures + 1, since: status.since };
  }
}

/**
 * Whether new traffic may go to a target in this status: healthy or closed. (When every target of
 * a listener or rule is abnormal, the caller forwards to all of them anyway: "all dead, all alive".)
 */
export function takesTraffic(status: HealthStatus): boolean {
  return status.state === 'healthy' || status.state === 'closed';
}
