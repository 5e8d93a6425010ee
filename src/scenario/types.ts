/**
 * The scenario a simulation runs, as `validateScenario` returns it: the SPEC's JSON shape with every
 * default filled in. Field names are a public contract (SPEC section 3); fields may be added.
 */
import type { AlgorithmName } from '../balancer/algorithms.js';
import type { ServiceSpec } from '../service/service-model.js';

/** Where the load balancer may bind backends from (SPEC section 1, cross-network binding). */
export type BackendMode = 'same-vpc' | 'cross-region-v1' | 'non-vpc-ips';

/** The load balancer itself. */
export interface LoadBalancerSpec {
  readonly id: string;
  readonly region: string;
  /** `public` (internet-facing) or `internal`. */
  readonly type: 'public' | 'internal';
  /** `vpc`, or `classic` (the basic network: an internal one's probe source is allowed by default). */
  readonly network: 'vpc' | 'classic';
  readonly vpcId: string;
  /** The VIP: health probes come from it (see `health/probe-source.ts` for when). */
  readonly vip: string;
  /** `standard` or `classic` product kind. */
  readonly kind: 'standard' | 'classic';
  readonly backendMode: BackendMode;
  /** For cross-region-v1: the one other region whose VPC it binds. */
  readonly backendRegion?: string | undefined;
  readonly snatIps: readonly string[];
  /**
   * ISO date it was created. Decides the probe source of a classic-type internal load balancer in
   * a VPC (before 2016-12-05: the VIP). Absent: after that day.
   */
  readonly createdAt?: string | undefined;
  /**
   * Security groups bound to the load balancer, in order: checked against each request's client
   * address on its listener's port before any target is chosen. Absent: none.
   */
  readonly securityGroups?: readonly string[] | undefined;
}

/** An elastic network interface attached to an instance. */
export interface EniSpec {
  readonly id: string;
  readonly ips: readonly string[];
}

/** A cloud server (CVM instance). */
export interface InstanceSpec {
  readonly id: string;
  readonly region: string;
  readonly vpcId: string;
  readonly privateIp: string;
  /** `running`, `stopped` (down), `isolated`, `expired`. Only running, non-isolated, non-expired instances bind. */
  readonly state: 'running' | 'stopped' | 'isolated' | 'expired';
  readonly bandwidthMbps: number;
  readonly securityGroups: readonly string[];
  readonly enis: readonly EniSpec[];
  /** Availability zone, a zone of its region such as `ap-guangzhou-3`; absent: not modelled. */
  readonly zone?: string | undefined;
  /** How it serves requests (workers, service time, queue, timeout, errors); absent: at once. */
  readonly service?: ServiceSpec | undefined;
}

/** One inbound security-group rule. */
export interface SecurityGroupRuleSpec {
  /** IPv4 address or CIDR (IPv6 too). */
  readonly source: string;
  /** `"ALL"`, `"N"` or `"N-M"` (a number is normalised to `"N"`). */
  readonly port: string;
  readonly action: 'allow' | 'drop';
}

/** A security group: inbound rules in order, first match decides, no match drops. */
export interface SecurityGroupSpec {
  readonly id: string;
  readonly inbound: readonly SecurityGroupRuleSpec[];
}

/** A bound backend, in one of three forms; its id is `<instance|eni|ip>:<port>`. */
export type TargetSpec =
  | {
      readonly kind: 'instance';
      readonly id: string;
      readonly instance: string;
      readonly port: number;
      readonly weight: number;
    }
  | {
      readonly kind: 'eni';
      readonly id: string;
      readonly eni: string;
      readonly ip: string;
      readonly port: number;
      readonly weight: number;
    }
  | {
      readonly kind: 'ip';
      readonly id: string;
      readonly ip: string;
      readonly port: number;
      readonly weight: number;
    };

/** Session persistence: idle timeout since the session's last request. */
export interface SessionSpec {
  readonly timeoutSec: number;
}

/** Health-check settings (SPEC defaults: 5 s interval, 2 s timeout, thresholds 3). */
export interface HealthCheckSpec {
  /** false: health checks off, every target is `closed` and gets traffic. */
  readonly enabled: boolean;
  readonly intervalSec: number;
  readonly timeoutSec: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
  /**
   * The port probes go to (the backend's security groups must allow the probe source there);
   * absent: each target's own port.
   */
  readonly port?: number | undefined;
}

/** Layer-4 reschedule switches (all off by default). */
export interface RescheduleSpec {
  readonly onUnbind: boolean;
  readonly onWeightZero: boolean;
  readonly onUnhealthy: boolean;
  readonly onScale: boolean;
  /** Closed connections are redistributed over this many seconds (0..3600). */
  readonly windowSec: number;
}

/**
 * What a listener or rule adds to its algorithm; each field is present only when the scenario
 * gives it (a rule inherits slow start from its listener, and the least-request settings with
 * the listener's algorithm).
 */
export interface BalancingSettings {
  /** Slow start: a target that starts taking traffic ramps to its weight over this many seconds. */
  readonly slowStartSec?: number;
  /** Least request: exponent of `(active + 1)` dividing a weight (default 1). */
  readonly activeRequestBias?: number;
  /** Least request: random draws per pick when weights are equal (default 2). */
  readonly choiceCount?: number;
  /** Balance factor of consistent hashing with bounded loads (maglev, ring-hash); absent: unbounded. */
  readonly boundedLoad?: number;
}

/** A layer-7 forwarding rule: domain + URL path, with its own targets, algorithm and persistence. */
export interface RuleSpec extends BalancingSettings {
  /** `<domain><path>`, e.g. `www.example.com/img`; used in events and reports. */
  readonly id: string;
  readonly domain: string;
  readonly path: string;
  readonly default: boolean;
  readonly algorithm: AlgorithmName;
  readonly session: SessionSpec | null;
  readonly healthCheck: HealthCheckSpec;
  readonly targets: readonly TargetSpec[];
}

/** Listener protocols. TCP, UDP, TCP_SSL are layer 4; HTTP, HTTPS layer 7. */
export type Protocol = 'TCP' | 'UDP' | 'TCP_SSL' | 'HTTP' | 'HTTPS';

/** A listener. Layer 4 holds `targets`; layer 7 holds `rules` (and `targets` is empty). */
export interface ListenerSpec extends BalancingSettings {
  readonly id: string;
  readonly protocol: Protocol;
  readonly port: number;
  readonly algorithm: AlgorithmName;
  readonly session: SessionSpec | null;
  readonly healthCheck: HealthCheckSpec;
  readonly reschedule: RescheduleSpec;
  /** Idle connection timeout (TCP 900, UDP 300, HTTP keep-alive 75 by default). */
  readonly idleTimeoutSec: number;
  readonly targets: readonly TargetSpec[];
  readonly rules: readonly RuleSpec[];
}

/** One entry of `traffic.mix`. */
export interface MixEntry {
  readonly listener: string;
  readonly host?: string | undefined;
  readonly path?: string | undefined;
  readonly weight: number;
}

/** Client population and arrivals. */
export interface TrafficSpec {
  readonly ratePerSec: number;
  readonly clients: number;
  readonly popularity: 'uniform' | { readonly zipf: number };
  /** Mean connection duration (exponential). */
  readonly connectionMs: number;
  /** Clients take consecutive addresses from the start of this block (default 100.64.0.0/10). */
  readonly clientCidr: string;
  /**
   * Requests per layer-4 connection (connection reuse); absent: one request per connection, as a
   * layer-7 listener always balances (`listener/connection-table.ts`).
   */
  readonly requestsPerConnection?: RequestsPerConnectionSpec | undefined;
  /** Spread of requests over listeners/rules; default all listeners alike. */
  readonly mix: readonly MixEntry[];
}

/**
 * How many requests one layer-4 connection carries: `geometric` (1, 2, 3, ... with the given
 * mean; the number of requests before a client hangs up, memoryless) or `constant` (exactly
 * `mean`, an integer).
 */
export interface RequestsPerConnectionSpec {
  readonly mean: number;
  readonly distribution: 'geometric' | 'constant';
}

/** A timed control event (SPEC section 3 event ops). */
export type EventSpec =
  | {
      readonly atSec: number;
      readonly op: 'setWeight';
      readonly listener: string;
      readonly rule?: string | undefined;
      readonly targets: readonly string[];
      readonly weight: number;
    }
  | {
      readonly atSec: number;
      readonly op: 'setPort';
      readonly listener: string;
      readonly rule?: string | undefined;
      readonly targets: readonly string[];
      readonly port: number;
    }
  | {
      readonly atSec: number;
      readonly op: 'bind';
      readonly listener: string;
      readonly rule?: string | undefined;
      readonly targets: readonly TargetSpec[];
    }
  | {
      readonly atSec: number;
      readonly op: 'unbind';
      readonly listener: string;
      readonly rule?: string | undefined;
      readonly targets: readonly string[];
    }
  | { readonly atSec: number; readonly op: 'down' | 'up' | 'release'; readonly instance: string }
  /** A security group is bound to (appended to) or unbound from an instance's ordered list. */
  | {
      readonly atSec: number;
      readonly op: 'bindSecurityGroup' | 'unbindSecurityGroup';
      readonly instance: string;
      readonly securityGroup: string;
    }
  /** Every instance in the zone goes down (`zoneDown`) or up (`zoneUp`); released ones stay gone. */
  | { readonly atSec: number; readonly op: 'zoneDown' | 'zoneUp'; readonly zone: string }
  | {
      readonly atSec: number;
      readonly op: 'setSecurityGroup';
      readonly securityGroup: string;
      readonly inbound: readonly SecurityGroupRuleSpec[];
    }
  | {
      readonly atSec: number;
      readonly op: 'scale';
      readonly listener: string;
      readonly rule?: string | undefined;
      readonly add: readonly ScaleLaunch[];
      readonly remove: readonly string[];
      readonly port: number;
      readonly weight: number;
      /**
       * The instance the group launches like (a launch configuration): a launch takes its zone,
       * service model and security groups unless it gives its own. Validation fills them in.
       */
      readonly template?: string | undefined;
    }
  /**
   * An ENI moves to another instance of the same VPC and zone (never a primary NIC): targets bound
   * through its IPs then belong to that instance (its power, groups, zone and service model).
   */
  | {
      readonly atSec: number;
      readonly op: 'moveEni';
      readonly eni: string;
      readonly instance: string;
    }
  /**
   * The load balancer's binding mode changes (cross-region 1.0 cannot return to same-region; the
   * two cross-network modes are one or the other). Refused while a bound target breaks the new mode.
   */
  | {
      readonly atSec: number;
      readonly op: 'setBackendMode';
      readonly backendMode: BackendMode;
      /** For cross-region-v1: the one other region whose VPC it binds. */
      readonly backendRegion?: string | undefined;
    }
  | ServiceEventSpec;

/**
 * An event that changes an instance's service model, for requests arriving from its time on:
 * `slow` multiplies service times by `factor`, `errors` sets the error rate, `blackhole` accepts
 * requests and never answers (the client waits its `timeoutMs`), `restore` undoes all three.
 */
export type ServiceEventSpec =
  | {
      readonly atSec: number;
      readonly op: 'slow';
      readonly instance: string;
      readonly factor: number;
    }
  | {
      readonly atSec: number;
      readonly op: 'errors';
      readonly instance: string;
      readonly errorRate: number;
    }
  | { readonly atSec: number; readonly op: 'blackhole' | 'restore'; readonly instance: string };

/** An instance an auto-scaling group launches (bound at `port` with `weight`). */
export interface ScaleLaunch {
  readonly id: string;
  readonly privateIp: string;
  readonly securityGroups: readonly string[];
  /** Its availability zone (a zone of the load balancer's region); absent: not modelled. */
  readonly zone?: string | undefined;
  /** How it serves requests; absent: at once. */
  readonly service?: ServiceSpec | undefined;
}

/** Run options that do not change the simulated system. */
export interface RunOptions {
  /** Width of report windows in seconds (default 10). */
  readonly windowSec: number;
  /** Refuse scenarios expecting more requests than this (default 1e9). */
  readonly maxRequests: number;
  /** Refuse scenarios whose estimated peak memory exceeds this many MiB (see `work-bounds.ts`). */
  readonly maxMemoryMb: number;
  /** Refuse scenarios with more timed events than this. */
  readonly maxEvents: number;
}

/** A validated scenario with defaults filled in. */
export interface Scenario {
  /** The scenario's `name` and `description`, when given (carried into the report). */
  readonly name?: string | undefined;
  readonly description?: string | undefined;
  readonly seed: string;
  readonly durationSec: number;
  readonly loadBalancer: LoadBalancerSpec;
  readonly instances: readonly InstanceSpec[];
  readonly securityGroups: readonly SecurityGroupSpec[];
  readonly listeners: readonly ListenerSpec[];
  readonly traffic: TrafficSpec;
  readonly events: readonly EventSpec[];
  readonly options: RunOptions;
  /**
   * Valid but almost certainly wrong: a bound instance without security groups, groups that
   * block the probe source, a target at weight 0 from the start, a listener or rule no traffic
   * reaches. Each with its JSON path; `validateScenario` always fills it in, as a non-enumerable
   * property (derived from the scenario, so left out of its JSON and of a second validation).
   */
  readonly warnings?: readonly { readonly path: string; readonly message: string }[];
}
