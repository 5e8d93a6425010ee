/**
 * The scenario between the structural and the domain layer: every part that passed its schema,
 * with defaults filled in and the JSON path it came from, plus what could not be read. Domain rules
 * check these parts; parts that failed their schema are left out, and their ids are remembered so
 * that references to them are not reported a second time as unknown.
 */
import type { Issue } from '../errors.js';
import type {
  BalancingSettings,
  HealthCheckSpec,
  InstanceSpec,
  LoadBalancerSpec,
  Protocol,
  RescheduleSpec,
  SecurityGroupSpec,
  SessionSpec,
  TargetSpec,
  TrafficSpec,
} from './types.js';
import type { AlgorithmName } from '../balancer/algorithms.js';
import type { AlgorithmLookup } from '../balancer/user-algorithms.js';
import type { RawEventFields } from './schema-events.js';

/** A part of the scenario and the JSON path it was read from. */
export interface Located<T> {
  readonly value: T;
  readonly path: string;
}

/** A layer-7 rule with its own path and its targets. */
export interface DraftRule {
  readonly path: string;
  readonly id: string;
  readonly domain: string;
  /** The URL path pattern (the rule's `path` field). */
  readonly urlPath: string;
  readonly default: boolean;
  readonly algorithm: AlgorithmName;
  readonly session: SessionSpec | null;
  readonly healthCheck: HealthCheckSpec;
  /** Whether the rule sets its own algorithm or session (else both come from the listener). */
  readonly ownBalancing: boolean;
  /** Whether the rule sets its own algorithm. */
  readonly ownAlgorithm: boolean;
  /** Its balancing settings: its own, else the listener's (see `BalancingSettings`). */
  readonly settings: BalancingSettings;
  /** The balancing settings the rule itself gives. */
  readonly ownSettings: BalancingSettings;
  readonly targets: readonly Located<TargetSpec>[];
  /** Some targets failed their schema: their ids are unknown. */
  readonly incomplete: boolean;
}

/** A listener whose own fields passed the schema. */
export interface DraftListener {
  readonly path: string;
  readonly id: string;
  readonly protocol: Protocol;
  readonly layer: 4 | 7;
  readonly port: number;
  readonly algorithm: AlgorithmName;
  readonly session: SessionSpec | null;
  readonly healthCheck: HealthCheckSpec;
  readonly reschedule: RescheduleSpec;
  /** Whether `reschedule` was written with a switch on or a window (only layer 4 may). */
  readonly rescheduleSet: boolean;
  readonly idleTimeoutSec: number;
  /** Its balancing settings as given (rules inherit them). */
  readonly settings: BalancingSettings;
  readonly targets: readonly Located<TargetSpec>[];
  readonly rules: readonly DraftRule[];
  /** Some targets or rules failed their schema: their ids are unknown. */
  readonly incomplete: boolean;
}

/** One event as read: its op-specific fields passed their schema (targets not yet resolved). */
export type DraftEvent = RawEventFields & {
  readonly path: string;
  /** Position in `events[]`: the tie-break among events at the same time. */
  readonly index: number;
  readonly atSec: number;
  /** For `bind`: its targets, read with the event's default port and weight. */
  readonly bindTargets: readonly Located<TargetSpec>[];
};

/** Ids written in the input, including those of parts that failed their schema. */
export interface SeenIds {
  readonly instances: Set<string>;
  readonly securityGroups: Set<string>;
  readonly listeners: Set<string>;
}

/** The structurally valid parts of a scenario. */
export interface Draft {
  /** The algorithms this call may name: the table's and the call's own pickers. */
  readonly algorithms: AlgorithmLookup;
  readonly name: string | undefined;
  readonly description: string | undefined;
  readonly seed: string | null;
  readonly durationSec: number | null;
  readonly loadBalancer: LoadBalancerSpec | null;
  readonly instances: readonly Located<InstanceSpec>[];
  /** Some instance entry failed its schema. */
  readonly instancesIncomplete: boolean;
  readonly securityGroups: readonly Located<SecurityGroupSpec>[];
  readonly listeners: readonly DraftListener[];
  /** Entries in `listeners[]`, well formed or not. */
  readonly listenerCount: number;
  readonly traffic: TrafficSpec | null;
  readonly events: readonly DraftEvent[];
  /**
   * A malformed event could have launched instances or changed any listener (its op or listener is
   * unreadable, or it is a scale event): unknown instance and target ids are not reported.
   */
  readonly eventsIncomplete: boolean;
  /** Listeners whose targets a malformed bind, setPort or scale event could have changed. */
  readonly uncertainListeners: ReadonlySet<string>;
  readonly windowSec: number | null;
  /** `options.maxRequests` as the scenario wrote it. */
  readonly maxRequests: number | undefined;
  /** `options.maxMemoryMb` as the scenario wrote it. */
  readonly maxMemoryMb: number | undefined;
  /** `options.maxEvents` as the scenario wrote it. */
  readonly maxEvents: number | undefined;
  readonly seen: SeenIds;
  /** Problems found while reading. */
  readonly issues: Issue[];
}
