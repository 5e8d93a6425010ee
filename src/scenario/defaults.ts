/**
 * Defaults and limits of the scenario JSON (SPEC sections 1 and 3). `validateScenario` fills these
 * in; the simulation engine reads only the validated `Scenario`, never these constants directly.
 */
import type { HealthCheckSpec, Protocol, RescheduleSpec } from './types.js';

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
/** `traffic.clientCidr` default: the shared (carrier-grade NAT) block, 4 194 304 addresses. */
export const DEFAULT_CLIENT_CIDR = '100.64.0.0/10';
/** `options.windowSec` default: width of the report's time windows. */
export const DEFAULT_WINDOW_SEC = 10;
/** `options.maxRequests` default: scenarios expecting more requests are refused as absurd. */
export const DEFAULT_MAX_REQUESTS = 1e9;

/**
 * Longest run, in simulated seconds (about 317 years). Simulated time is kept in milliseconds as
 * a double: 1e13 ms keeps sub-millisecond precision, and every product of time stays finite
 * (`durationSec` 1.8e305 used to overflow to Infinity ms and crash the run).
 */
export const MAX_DURATION_SEC = 1e10;
/** Shortest run: one simulated millisecond. */
export const MIN_DURATION_SEC = 0.001;
/** Narrowest report window: one simulated millisecond. */
export const MIN_WINDOW_SEC = 0.001;
/** Largest request rate (requests per simulated second); the request cap bounds the product. */
export const MAX_RATE_PER_SEC = 1e12;
/** Longest mean connection duration (about 31 years), so end times stay finite. */
export const MAX_CONNECTION_MS = 1e12;
/** Largest Zipf exponent (at 100 the first client takes all but 1e-30 of the requests). */
export const MAX_ZIPF = 100;
/** Largest weight of a `traffic.mix` entry, so the sum of weights stays exact. */
export const MAX_MIX_WEIGHT = 1e9;
/** Most `traffic.mix` entries (each is routed once at the start of a run). */
export const MAX_MIX_ENTRIES = 10_000;
/** Longest `host` or `path` of a `traffic.mix` entry, in characters (nginx's default header buffer is 8 KiB). */
export const MAX_MIX_TEXT = 65_536;
/** Largest value of any other number (caps such as `maxRequests`), so sums of them stay finite. */
export const MAX_NUMBER = 1e15;

/**
 * `options.maxMemoryMb` default: scenarios whose estimated peak memory (sessions, client
 * tracking, connections, picker tables, report) exceeds it are refused. With the Node.js runtime
 * itself this keeps a run under about 2 GB.
 */
export const DEFAULT_MAX_MEMORY_MB = 1536;
/** `options.maxEvents` default: timed events a scenario may hold. */
export const DEFAULT_MAX_EVENTS = 100_000;

/** Listeners per load balancer (SPEC section 1). */
export const MAX_LISTENERS = 50;
/** Forwarding rules per layer-7 listener. */
export const MAX_RULES = 50;
/** Targets per layer-4 listener or per layer-7 rule. */
export const MAX_TARGETS = 100;
/**
 * Most clients a scenario may have. Not a product limit: the engine keeps a per-client table
 * (Zipf popularity), so this bounds its memory (2^24 clients ≈ 128 MiB of doubles).
 */
export const MAX_CLIENTS = 2 ** 24;

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
