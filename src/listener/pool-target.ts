/**
 * A target as one pool holds it: its live state (what eligibility and forwarding read; changed by
 * control events and probes) and, apart from it, its tally (what the report reads; only counted).
 * A pool keeps the same `PoolTarget` for a target id from its first bind to the end of the run, so
 * sessions, picker state and counters follow it across unbind and re-bind.
 */
import { mix32 } from '../hash/mix32.js';
import { takesTraffic, type HealthStatus } from '../health/health-state.js';
import type { HealthTransition, WeightChange } from '../report/types.js';
import type { ServiceTally } from '../service/service-tally.js';

/** Decides whether a client address may reach a target (its compiled security groups). */
export interface SourceFilter {
  allows(ipv4: number): boolean;
  /** True when `allows` answers true for every address (forwarding then skips the call). */
  readonly allowsAll: boolean;
}

/** A target to bind, as the control plane describes it. */
export interface TargetBinding {
  readonly id: string;
  /** The instance behind the target, or null for an IDC address. */
  readonly instance: string | null;
  readonly port: number;
  readonly weight: number;
  readonly filter: SourceFilter;
  /** Whether the instance answers at all (false: requests fail until health checks notice). */
  readonly up: boolean;
}

/** What the report counts for one target of one pool. */
export class TargetTally {
  /** Requests that rode a connection the client had open (layer 4): no new connection. */
  reused = 0;
  failed = 0;
  blocked = 0;
  newSessions = 0;
  /** Sessions moved here from another target (off an abnormal one, or rescheduled). */
  sessionsMovedIn = 0;
  /** Time-integral of this target's share of the eligible weight, in ms (for expectedShare). */
  expectedMs = 0;
  /** Requests per report window. */
  readonly windows: Uint32Array;
  readonly health: HealthTransition[] = [];
  readonly weights: WeightChange[] = [];

  constructor(windows: number) {
    this.windows = new Uint32Array(windows);
  }

  /** Requests forwarded to it: the sum of its windows. O(windows): read it once. */
  get requests(): number {
    const windows = this.windows;
    let n = 0;
    // Indexed, not an iterator: it runs a few times a report, mostly unoptimised, where a typed
    // array's iterator took 8% of the run of the largest accepted report.
    for (let i = 0; i < windows.length; i++) n += windows[i]!;
    return n;
  }

  /** Connections opened to it: one per request, unless requests ride a connection (layer 4). */
  get connections(): number {
    return this.requests - this.reused;
  }

  /** Counts a request forwarded in report window `window`, on a new connection when `fresh`. */
  count(fresh: boolean, window: number): void {
    if (!fresh) this.reused++;
    this.windows[window]!++;
  }
}

/** One bound (or formerly bound) target of a pool. */
export class PoolTarget {
  id: string;
  /** Its instance; an ENI target's changes when the ENI moves. */
  instance: string | null;
  port: number;
  weight: number;
  bound = true;
  up: boolean;
  filter: SourceFilter;
  health: HealthStatus;
  /** Since when its sessions are being redistributed (reschedule switches), or Infinity. */
  rescheduleFromMs = Infinity;
  /** Since when it has been taking traffic after a bind or a recovery (slow start), or -Infinity. */
  rampFromMs = -Infinity;
  readonly tally: TargetTally;
  /** Its instance's slot in the service model, or -1 (no service model: answered at once). */
  service = -1;
  /** Service counts, when its instance has a service model. */
  serviceTally: ServiceTally | null = null;

  constructor(binding: TargetBinding, health: HealthStatus, windows: number, nowMs: number) {
    this.id = binding.id;
    this.instance = binding.instance;
    this.port = binding.port;
    this.weight = binding.weight;
    this.up = binding.up;
    this.filter = binding.filter;
    this.health = health;
    this.tally = new TargetTally(windows);
    this.tally.health.push({ atSec: nowMs / 1000, state: health.state });
    this.tally.weights.push({ atSec: nowMs / 1000, weight: binding.weight });
  }

  /** Binds it again at `nowMs`, on the binding's instance (an ENI may have moved); health: the pool's. */
  rebind(binding: TargetBinding, nowMs: number): void {
    this.bound = true;
    this.instance = binding.instance;
    this.port = binding.port;
    this.weight = binding.weight;
    this.tally.weights.push({ atSec: nowMs / 1000, weight: binding.weight });
    this.up = binding.up;
    this.filter = binding.filter;
    this.rescheduleFromMs = Infinity;
  }

  /** Sets its health at `nowMs`; back to taking traffic (slow start) starts a ramp. */
  setHealth(health: HealthStatus, nowMs: number): void {
    if (!takesTraffic(this.health) && takesTraffic(health)) this.rampFromMs = nowMs;
    this.health = health;
    this.tally.health.push({ atSec: nowMs / 1000, state: health.state });
  }

  /**
   * Its requests-per-window counts when a request to it needs nothing but counting (up, open to
   * every client, answered at once), else null: what the pool's short path reads.
   */
  countsIfPlain(): Uint32Array | null {
    return this.up && this.filter.allowsAll && this.service < 0 ? this.tally.windows : null;
  }

  /** Whether it keeps every client's session as it stands: bound, taking traffic, not rescheduling. */
  keepsSessions(): boolean {
    return this.bound && this.rescheduleFromMs === Infinity && takesTraffic(this.health);
  }

  /**
   * Whether the session of the client with `key` has left by `nowMs` (at or after
   * `rescheduleFromMs`): each client moves at its own point of the window, from a hash of its key.
   */
  rescheduled(key: number, nowMs: number, windowMs: number): boolean {
    const at = (mix32(key ^ RESCHEDULE_SALT) / 2 ** 32) * windowMs;
    return nowMs - this.rescheduleFromMs >= at;
  }
}

/** Decorrelates a client's reschedule point from its picker hash. */
const RESCHEDULE_SALT = 0x5bd1e995;
