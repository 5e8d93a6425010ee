/**
 * How a pool is set up, what it is asked to serve and what comes of it: the types the run loop and
 * the control plane share with `backend-pool.ts`.
 */
import type {
  AlgorithmDescriptor,
  AlgorithmName,
  AlgorithmSetting,
  PickerOptions,
} from '../balancer/algorithms.js';
import { BUILT_IN_LOOKUP } from '../balancer/user-algorithms.js';
import { LbsimTypeError } from '../errors.js';
import type { HealthThresholds } from '../health/health-state.js';
import type { Rng } from '../random/rng.js';
import type { RequestsPerConnectionSpec } from '../scenario/types.js';
import type { SessionKeys } from '../session/session-store.js';
import type { ServiceModel } from '../service/service-model.js';

/** What happened to one request. */
export const Outcome = {
  /** Forwarded and answered. */
  Ok: 0,
  /** Forwarded, then dropped by the target's security groups. */
  Blocked: 1,
  /** Forwarded to a target whose instance is down (not yet detected, or under fail-open). */
  Failed: 2,
  /** Nothing was eligible. */
  Unserved: 3,
  /** Forwarded to a backend with a service model: passive checks learn later if it was answered. */
  Served: 4,
} as const;
/** One of `Outcome`'s values. */
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

/** The pool's algorithm facts: given, or the algorithm table's entry (an unknown name throws). */
export function algorithmFacts(options: PoolOptions): AlgorithmDescriptor {
  const facts = options.facts ?? BUILT_IN_LOOKUP.describe(options.algorithm);
  if (facts === undefined) {
    throw new LbsimTypeError(
      'ERR_PICKER_ALGORITHM',
      `BackendPool: unknown algorithm ${JSON.stringify(options.algorithm)}`,
    );
  }
  return facts;
}

/** How a pool is set up. */
export interface PoolOptions {
  readonly listener: string;
  /** Layer-7 rule id; undefined for a layer-4 listener. */
  readonly rule?: string | undefined;
  readonly algorithm: AlgorithmName;
  /**
   * What the pool knows of its algorithm: its factory and facts, looked up once.
   * @defaultValue the algorithm table's entry for `algorithm`
   */
  readonly facts?: AlgorithmDescriptor | undefined;
  /** Session idle timeout in ms, or 0 for no persistence. */
  readonly sessionTimeoutMs: number;
  /** Health checks on (targets probe) or off (targets are `closed` and always take traffic). */
  readonly healthChecks: boolean;
  readonly thresholds: HealthThresholds;
  /** Passive checks (TCP SSL, HTTP, HTTPS): a failed forward is retried elsewhere and counted. */
  readonly passiveChecks: boolean;
  /** Random source for randomised pickers (random, p2c). */
  readonly rng: Rng;
  /**
   * Settings the scenario tunes the algorithm with (least request's bias and choice count; the
   * bound of bounded loads, with which the pool counts connections).
   * @defaultValue the algorithm's defaults
   */
  readonly settings?: Pick<PickerOptions, AlgorithmSetting>;
  /**
   * Slow start: a target bound during the run or back to healthy ramps to its weight over this
   * many seconds (`balancer/slow-start.ts`).
   * @defaultValue 0 (off)
   */
  readonly slowStartSec?: number;
  /** Number of report windows, for per-window request counts. */
  readonly windows: number;
  /**
   * Layer-4 reschedule switches (SPEC section 1); all off by default.
   * @defaultValue all off
   */
  readonly reschedule?: RescheduleOptions;
  /**
   * Number of clients, to remember where each one went last (stickiness of hashing pickers).
   * @defaultValue 0 (not tracked)
   */
  readonly clients?: number;
  /**
   * The session keys requests will carry (consecutive client addresses), so the session state is
   * sized once, up front (`session-store.ts`).
   * @defaultValue undefined (any uint32 key: a hash table that grows as needed)
   */
  readonly sessionKeys?: SessionKeys | undefined;
  /**
   * The instances' service model, shared by every pool (targets of instances without one are
   * answered at once, as before).
   * @defaultValue none
   */
  readonly service?: ServiceModel | null | undefined;
  /**
   * Connection reuse (layer 4): a client's connection carries `requests` requests to one target,
   * unless idle for `idleMs` (`connection-table.ts`); `rng` draws each connection's count.
   * @defaultValue none (one request per connection)
   */
  readonly reuse?: ConnectionReuse | undefined;
}

/** How a layer-4 pool reuses its clients' connections. */
export interface ConnectionReuse {
  readonly requests: RequestsPerConnectionSpec;
  /** The number of clients (request client indices stay below it). */
  readonly clients: number;
  readonly idleMs: number;
  readonly rng: Rng;
}

/** When existing connections and sessions are closed and redistributed instead of left to end. */
export interface RescheduleOptions {
  /** A target set to weight 0. */
  readonly onWeightZero: boolean;
  /** A target turning abnormal (its counted connections close at once). */
  readonly onUnhealthy: boolean;
  /** Targets added or removed by scaling (every session is rescheduled by the algorithm). */
  readonly onScale: boolean;
  /** Redistribution is spread over this window: each client moves at its own point in it. */
  readonly windowMs: number;
}

/** Every reschedule switch off. */
export const NO_RESCHEDULE: RescheduleOptions = {
  onWeightZero: false,
  onUnhealthy: false,
  onScale: false,
  windowMs: 0,
};

/**
 * One request as the run loop hands it to a pool. The loop reuses one object, so serving a request
 * allocates nothing.
 */
export interface PoolRequest {
  /** The client's index (0 ≤ client < `clients`). */
  client: number;
  /**
   * The client's IPv4 address. Security groups see it (the LB passes it through) and sessions are
   * keyed by it: the source IP for layer 4, and for layer 7 the client's cookie, of which each
   * client (one address each) has one.
   */
  clientIp: number;
  nowMs: number;
  /** The report window it falls in. */
  window: number;
  /** How long the connection stays open (counted by least connections). */
  durationMs: number;
}

/** A request with every field 0, to be filled in and reused (the request path allocates none). */
export function blankRequest(): PoolRequest {
  return { client: 0, clientIp: 0, nowMs: 0, window: 0, durationMs: 0 };
}

/** How a target arrives in a pool: present when the scenario starts, or bound during the run. */
export type Arrival = 'steady' | 'new';
