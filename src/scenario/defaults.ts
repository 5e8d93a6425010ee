/**
 * Defaults and limits of the scenario JSON (SPEC sections 1 and 3). `validateScenario` fills these
 * in; the simulation engine reads only the validated `Scenario`, never these constants directly.
 */
import type { HealthCheckSpec, Protocol, RescheduleSpec } from './types.js';
export {
  MAX_LISTENERS,
  MAX_RULES,
  MAX_TARGETS,
  MAX_DURATION_SEC,
  MIN_DURATION_SEC,
  MIN_WINDOW_SEC,
  MAX_RATE_PER_SEC,
  MAX_CONNECTION_MS,
  MAX_REQUESTS_PER_CONNECTION,
  MAX_ZIPF,
  MAX_MIX_WEIGHT,
  MAX_MIX_ENTRIES,
  MAX_MIX_TEXT,
  MAX_NUMBER,
  MAX_CLIENTS,
  DEFAULT_MAX_REQUESTS,
  DEFAULT_MAX_MEMORY_MB,
  DEFAULT_MAX_EVENTS,
} from '../limits.js';

/** `seed` when the scenario gives none. */
export const DEFAULT_SEED = 'lbsim';
/** `durationSec` when the scenario gives none: ten simulated minutes. */
export const DEFAULT_DURATION_SEC = 600;
/** A target's weight when none is given (SPEC: integer 0..100, default 10). */
export const DEFAULT_WEIGHT = 10;
/** An instance's peak bandwidth when none is given; 0 would make it unbindable. */
export const DEFAULT_BANDWIDTH_MBPS = 10;

/** Health checks when a listener gives none: on, 5 s interval, 2 s timeout, thresholds 3. */
export const DEFAULT_HEALTH_CHECK: HealthCheckSpec = Object.freeze({
  enabled: true,
  intervalSec: 5,
  timeoutSec: 2,
  healthyThreshold: 3,
  unhealthyThreshold: 3,
});

/** Layer-4 reschedule switches: all off, no spreading window. */
export const DEFAULT_RESCHEDULE: RescheduleSpec = Object.freeze({
  onUnbind: false,
  onWeightZero: false,
  onUnhealthy: false,
  onScale: false,
  windowSec: 0,
});

/** Idle connection timeout per protocol: TCP 900 s, UDP 300 s, HTTP keep-alive 75 s. */
export const DEFAULT_IDLE_TIMEOUT_SEC: Readonly<Record<Protocol, number>> = Object.freeze({
  TCP: 900,
  TCP_SSL: 900,
  UDP: 300,
  HTTP: 75,
  HTTPS: 75,
});

/** `traffic.ratePerSec` default. */
export const DEFAULT_RATE_PER_SEC = 1000;
/** `traffic.clients` default. */
export const DEFAULT_CLIENTS = 1000;
/** `traffic.connectionMs` default (mean connection duration). */
export const DEFAULT_CONNECTION_MS = 200;
/** How `traffic.requestsPerConnection` draws each connection's number of requests around its mean. */
export const REQUESTS_PER_CONNECTION_DISTRIBUTIONS = ['geometric', 'constant'] as const;
/** `traffic.clientCidr` default: the shared (carrier-grade NAT) block, 4 194 304 addresses. */
export const DEFAULT_CLIENT_CIDR = '100.64.0.0/10';
/** `options.windowSec` default: width of the report's time windows. */
export const DEFAULT_WINDOW_SEC = 10;

/** Session persistence timeout range, layer 4 (source IP). */
export const L4_SESSION_TIMEOUT_SEC = Object.freeze({ min: 30, max: 3600 });
/** Session persistence timeout range, layer 7 (cookie insertion). */
export const L7_SESSION_TIMEOUT_SEC = Object.freeze({ min: 30, max: 86400 });

/**
 * Regions where a load balancer may bind IDC addresses (`{ ip, port }` targets in
 * `non-vpc-ips` mode): Beijing, Shanghai, Guangzhou, Chengdu, Chongqing, Hong Kong.
 */
export const NON_VPC_IP_REGIONS: readonly string[] = Object.freeze([
  'ap-beijing',
  'ap-shanghai',
  'ap-guangzhou',
  'ap-chengdu',
  'ap-chongqing',
  'ap-hongkong',
]);
