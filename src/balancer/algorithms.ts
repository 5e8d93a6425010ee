/**
 * The algorithm table: every algorithm lbsim can run, with its factory and the facts the rest of
 * lbsim needs about it: lbsim's own algorithms, then the dialects that reproduce nginx 1.22 and
 * HAProxy 2.6 pick for pick. `createPicker`, scenario validation, the simulation, `compare`, the
 * benchmarks and the tests all read this table; no other file lists algorithm names. Adding an
 * algorithm is one entry here (plus its picker file and tests).
 */
import { AliasRandomPicker } from './alias-random.js';
import { BoundedLoadPicker, type CandidateOrder } from './bounded-load.js';
import { createHaproxyHashConsistentPicker } from './dialects/haproxy-hash-consistent.js';
import { createHaproxyHashPicker } from './dialects/haproxy-hash.js';
import { createHaproxyLeastConnPicker } from './dialects/haproxy-leastconn.js';
import { createHaproxyRoundRobinPicker } from './dialects/haproxy-roundrobin.js';
import { BE_WEIGHT_SCALE } from './dialects/haproxy-targets.js';
import {
  createNginxHashConsistentPicker,
  NGINX_POINTS_PER_WEIGHT,
} from './dialects/nginx-hash-consistent.js';
import { createNginxHashPicker } from './dialects/nginx-hash.js';
import { createNginxIpHashPicker } from './dialects/nginx-ip-hash.js';
import { createNginxLeastConnPicker } from './dialects/nginx-least-conn.js';
import { createNginxRoundRobinPicker } from './dialects/nginx-round-robin.js';
import { IpHashPicker } from './ip-hash.js';
import { LeastConnectionsPicker } from './least-connections.js';
import { LeastRequestPicker } from './least-request.js';
import { defaultTableSize, MaglevPicker, MAX_TABLE_SIZE } from './maglev.js';
import { P2cPicker } from './p2c.js';
import type { Picker, PickerTarget } from './picker.js';
import { RingHashPicker } from './ring-hash.js';
import { SmoothWrrPicker } from './smooth-wrr.js';
import { MAX_WEIGHT } from '../limits.js';
import type { Rng } from '../random/rng.js';

/** Options for `createPicker`; each algorithm reads the ones it understands. */
export interface PickerOptions {
  /**
   * Random source for `random` and `p2c`.
   * @defaultValue a generator seeded with the algorithm's name
   */
  readonly rng?: Rng;
  /**
   * Maglev lookup-table size (a prime larger than the number of targets).
   * @defaultValue the smallest prime giving every target its weight share within 1%
   */
  readonly tableSize?: number;
  /**
   * Ring-hash virtual nodes per unit of weight (weight 10 → 160 points, as ketama).
   * @defaultValue 16
   */
  readonly pointsPerWeight?: number;
  /**
   * Balance factor c of consistent hashing with bounded loads (`bounded-load.ts`), for the
   * algorithms whose `settings` list it: no target takes a connection that would put it
   * above `ceil(c × average in-flight)`. The picker then counts connections.
   * @defaultValue undefined (unbounded)
   */
  readonly boundedLoad?: number | undefined;
  /**
   * Least request: exponent of `(active + 1)` dividing a weight when weights differ (0..10).
   * @defaultValue 1
   */
  readonly activeRequestBias?: number;
  /**
   * Least request: targets drawn per pick when all weights are equal (2..10).
   * @defaultValue 2
   */
  readonly choiceCount?: number;
}

/** What lbsim knows about one algorithm. */
export interface AlgorithmDescriptor {
  /** Builds a picker over `targets`. */
  readonly create: (targets: readonly PickerTarget[], options: PickerOptions) => Picker;
  /** What it reproduces, for the README's table and `--help`. */
  readonly follows: string;
  /** `pick` reads its key (others ignore it). */
  readonly hashesKey: boolean;
  /**
   * What the simulation passes to `pick`: `hash`, the 32-bit hash of the client's address
   * (lbsim's own algorithms); `address`, the client's IPv4 address itself, which a dialect hashes
   * exactly as the real balancer hashes `$remote_addr` or `balance source`.
   */
  readonly key: 'hash' | 'address';
  /** Counts open connections (`connectionOpened` / `connectionClosed` change its picks). */
  readonly countsConnections: boolean;
  /** Keeps a client on one target while the targets do not change (so remaps are worth counting). */
  readonly sticky: boolean;
  /**
   * Whether session persistence may be combined with it, per layer: `null` when it may, else the
   * problem reported at the listener's or rule's `session`.
   */
  readonly persistence: { readonly 4: string | null; readonly 7: string | null };
  /** The listener layers it may serve. */
  readonly layers: readonly (4 | 7)[];
  /**
   * What one build of the picker over `targets` (at least 1) targets of weight at most
   * `MAX_WEIGHT` costs at worst: `time` in request-equivalents (one simulated request, about
   * 0.1 µs) and `bytes` of tables. The pre-run work estimate charges it per rebuild.
   */
  readonly buildCost: (targets: number) => BuildCost;
  /**
   * The listener and rule fields that tune it (passed to `create` as picker options); a scenario
   * giving one of them to another algorithm is refused.
   * @defaultValue none
   */
  readonly settings?: readonly AlgorithmSetting[];
}

/** A scenario field of a listener or rule that tunes its algorithm (beyond `algorithm`). */
export type AlgorithmSetting = 'activeRequestBias' | 'choiceCount' | 'boundedLoad';

/** Every algorithm setting. */
export const ALGORITHM_SETTINGS: readonly AlgorithmSetting[] = [
  'activeRequestBias',
  'choiceCount',
  'boundedLoad',
];

/** Time (request-equivalents) and bytes of one picker build. */
export interface BuildCost {
  readonly time: number;
  readonly bytes: number;
}

/**
 * Unit costs of picker builds, measured on Node 20 (2 cores), in request-equivalents (one
 * simulated request, about 0.1 µs).
 */
export const BUILD_COST = Object.freeze({
  /** Per target, for the pickers that build in O(n). */
  target: 1,
  /** Bytes per target of an O(n) picker (weights, counters). */
  targetBytes: 64,
  /** Per Maglev table cell, per build (about 60 ns a cell). */
  maglevCell: 1,
  /** Per ring point, per build (O(P log P): about 140 ns a point at 800k points). */
  ringPoint: 2,
  /**
   * Per point of nginx's consistent-hash ring, per build: a CRC-32 per point and a sort with a
   * comparator (measured 0.7 to 1.3 µs a point at 160 points per unit of weight).
   */
  crcRingPoint: 10,
  /** A smooth-WRR rebuild computes its first schedule block lazily: 4096 entries. */
  wrrBlock: 4096,
  /** Per server visited while HAProxy's map-based hash deals one map cell (measured 10–13 ns). */
  mapDealStep: 0.15,
});

/** An O(n) build: a pass over the targets and a few numbers per target. */
function linearBuild(targets: number): BuildCost {
  return { time: targets * BUILD_COST.target, bytes: targets * BUILD_COST.targetBytes };
}

/** A hash ring of `ring.pointsPerWeight` points per unit of weight, sorted at build. */
function ringBuild(
  targets: number,
  ring: { pointsPerWeight: number; timePerPoint: number; bytesPerPoint: number },
): BuildCost {
  const points = ring.pointsPerWeight * MAX_WEIGHT * targets;
  return { time: points * ring.timePerPoint, bytes: points * ring.bytesPerPoint };
}

/** The picker itself, or wrapped with bounded loads when a balance factor is given. */
function withBoundedLoad(
  picker: Picker & CandidateOrder,
  targets: readonly PickerTarget[],
  c: number | undefined,
): Picker {
  return c === undefined ? picker : new BoundedLoadPicker(picker, targets, c);
}

const BOTH_LAYERS = [4, 7] as const;
const ANY_PERSISTENCE = { 4: null, 7: null } as const;

/** The product's rule: session persistence does not go with least connections. */
function notWithLeastConnections(name: string): AlgorithmDescriptor['persistence'] {
  const problem = `session persistence works with weighted round robin, not least connections (algorithm "${name}"); drop "session" or pick another algorithm`;
  return { 4: problem, 7: problem };
}

/** Every algorithm by name, in the order the README lists them. */
export const ALGORITHM_TABLE = {
  wrr: {
    create: (targets) => new SmoothWrrPicker(targets),
    follows: 'nginx smooth weighted round robin',
    hashesKey: false,
    key: 'hash',
    countsConnections: false,
    sticky: false,
    persistence: ANY_PERSISTENCE,
    layers: BOTH_LAYERS,
    buildCost: (n) => ({ time: n + BUILD_COST.wrrBlock, bytes: 4 * 2 ** 20 }),
  },
  wlc: {
    create: (targets) => new LeastConnectionsPicker(targets),
    follows: 'weighted least connections (LVS wlc), ties by round robin',
    hashesKey: false,
    key: 'hash',
    countsConnections: true,
    sticky: false,
    persistence: notWithLeastConnections('wlc'),
    layers: BOTH_LAYERS,
    buildCost: linearBuild,
  },
  p2c: {
    create: (targets, options) =>
      new P2cPicker(targets, options.rng === undefined ? {} : { rng: options.rng }),
    follows: 'power of two choices, weighted draws, fewer connections per weight wins',
    hashesKey: false,
    key: 'hash',
    countsConnections: true,
    sticky: false,
    persistence: ANY_PERSISTENCE,
    layers: BOTH_LAYERS,
    buildCost: linearBuild,
  },
  'least-request': {
    create: (targets, options) =>
      new LeastRequestPicker(targets, {
        ...(options.rng === undefined ? {} : { rng: options.rng }),
        ...(options.activeRequestBias === undefined
          ? {}
          : { activeRequestBias: options.activeRequestBias }),
        ...(options.choiceCount === undefined ? {} : { choiceCount: options.choiceCount }),
      }),
    follows:
      'Envoy least request: best of choiceCount random draws by active requests when weights are equal, else EDF weighted round robin on weight / (active + 1)^activeRequestBias',
    hashesKey: false,
    key: 'hash',
    countsConnections: true,
    sticky: false,
    persistence: ANY_PERSISTENCE,
    layers: BOTH_LAYERS,
    buildCost: linearBuild,
    settings: ['activeRequestBias', 'choiceCount'],
  },
  'ip-hash': {
    create: (targets) => new IpHashPicker(targets),
    follows: 'a static source-hash table laid out as IPVS sh does',
    hashesKey: true,
    key: 'hash',
    countsConnections: false,
    sticky: true,
    persistence: {
      4: null,
      7: 'cookie session persistence (layer 7) cannot be combined with source-IP hash (algorithm "ip-hash")',
    },
    layers: BOTH_LAYERS,
    // A static table of 4096 buckets per target, 2^16 to 2^22 of them.
    buildCost: (n) => {
      const buckets = Math.min(2 ** 22, Math.max(2 ** 16, 4096 * n));
      return { time: buckets, bytes: buckets * 4 };
    },
  },
  maglev: {
    create: (targets, options) =>
      withBoundedLoad(
        new MaglevPicker(
          targets,
          options.tableSize === undefined ? {} : { tableSize: options.tableSize },
        ),
        targets,
        options.boundedLoad,
      ),
    follows: 'Maglev (NSDI 2016) with weighted turns',
    hashesKey: true,
    key: 'hash',
    countsConnections: false,
    settings: ['boundedLoad'],
    sticky: true,
    persistence: ANY_PERSISTENCE,
    layers: BOTH_LAYERS,
    buildCost: (n) => {
      // Worst spread of weights (1 and MAX_WEIGHT) gives the largest default table.
      const m = Math.min(defaultTableSize(MAX_WEIGHT * n, 1), MAX_TABLE_SIZE);
      return { time: m * BUILD_COST.maglevCell, bytes: m * (m > 65535 ? 4 : 2) + 20 * n };
    },
  },
  'ring-hash': {
    create: (targets, options) =>
      withBoundedLoad(
        new RingHashPicker(
          targets,
          options.pointsPerWeight === undefined ? {} : { pointsPerWeight: options.pointsPerWeight },
        ),
        targets,
        options.boundedLoad,
      ),
    follows: 'a ketama-style hash ring, 16 points per unit of weight',
    hashesKey: true,
    key: 'hash',
    countsConnections: false,
    settings: ['boundedLoad'],
    sticky: true,
    persistence: ANY_PERSISTENCE,
    layers: BOTH_LAYERS,
    buildCost: (n) => {
      // 16 points per unit of weight, 12 bytes a point, and a 2^22-entry lookup table.
      const ring = ringBuild(n, {
        pointsPerWeight: 16,
        timePerPoint: BUILD_COST.ringPoint,
        bytesPerPoint: 12,
      });
      return { time: ring.time, bytes: ring.bytes + 4 * 2 ** 22 };
    },
  },
  random: {
    create: (targets, options) =>
      new AliasRandomPicker(targets, options.rng === undefined ? {} : { rng: options.rng }),
    follows: 'weighted random (Vose alias method)',
    hashesKey: false,
    key: 'hash',
    countsConnections: false,
    sticky: false,
    persistence: ANY_PERSISTENCE,
    layers: BOTH_LAYERS,
    buildCost: linearBuild,
  },
  'nginx-round-robin': {
    create: (targets) => createNginxRoundRobinPicker(targets),
    follows: 'nginx 1.22 weighted round robin (ngx_http_upstream_round_robin.c), pick for pick',
    hashesKey: false,
    key: 'address',
    countsConnections: false,
    sticky: false,
    persistence: ANY_PERSISTENCE,
    layers: BOTH_LAYERS,
    buildCost: linearBuild,
  },
  'nginx-ip-hash': {
    create: (targets) => createNginxIpHashPicker(targets),
    follows: 'nginx 1.22 ip_hash (ngx_http_upstream_ip_hash_module.c): first three octets',
    hashesKey: true,
    key: 'address',
    countsConnections: false,
    sticky: true,
    persistence: ANY_PERSISTENCE,
    layers: BOTH_LAYERS,
    buildCost: linearBuild,
  },
  'nginx-hash': {
    create: (targets) => createNginxHashPicker(targets),
    follows: 'nginx 1.22 hash $key (ngx_http_upstream_hash_module.c)',
    hashesKey: true,
    key: 'address',
    countsConnections: false,
    sticky: true,
    persistence: ANY_PERSISTENCE,
    layers: BOTH_LAYERS,
    buildCost: linearBuild,
  },
  'nginx-hash-consistent': {
    create: (targets) => createNginxHashConsistentPicker(targets),
    follows:
      'nginx 1.22 hash $key consistent (ngx_http_upstream_hash_module.c): 160 points per weight',
    hashesKey: true,
    key: 'address',
    countsConnections: false,
    sticky: true,
    persistence: ANY_PERSISTENCE,
    layers: BOTH_LAYERS,
    // 160 points per unit of weight; while building: values, owners, a sort order, the ring.
    buildCost: (n) =>
      ringBuild(n, {
        pointsPerWeight: NGINX_POINTS_PER_WEIGHT,
        timePerPoint: BUILD_COST.crcRingPoint,
        bytesPerPoint: 24,
      }),
  },
  'nginx-least-conn': {
    create: (targets) => createNginxLeastConnPicker(targets),
    follows: 'nginx 1.22 least_conn (ngx_http_upstream_least_conn_module.c): ties by smooth WRR',
    hashesKey: false,
    key: 'address',
    countsConnections: true,
    sticky: false,
    persistence: notWithLeastConnections('nginx-least-conn'),
    layers: BOTH_LAYERS,
    buildCost: linearBuild,
  },
  'haproxy-roundrobin': {
    create: (targets) => createHaproxyRoundRobinPicker(targets),
    follows: 'HAProxy 2.6 balance roundrobin (lb_fwrr.c), including set weight at run time',
    hashesKey: false,
    key: 'address',
    countsConnections: false,
    sticky: false,
    persistence: ANY_PERSISTENCE,
    layers: BOTH_LAYERS,
    buildCost: linearBuild,
  },
  'haproxy-hash': {
    create: (targets) => createHaproxyHashPicker(targets),
    follows: 'HAProxy 2.6 balance source / hdr() with hash-type map-based (lb_map.c)',
    hashesKey: true,
    key: 'address',
    countsConnections: false,
    sticky: true,
    persistence: ANY_PERSISTENCE,
    layers: BOTH_LAYERS,
    // A map of Σ ⌈weight / gcd⌉ cells (at worst MAX_WEIGHT per target), each dealt by a scan of
    // every server: O(cells × n).
    buildCost: (n) => {
      const cells = MAX_WEIGHT * n;
      return {
        time: n * BUILD_COST.target + cells * n * BUILD_COST.mapDealStep,
        bytes: cells * 4 + n * BUILD_COST.targetBytes,
      };
    },
  },
  'haproxy-hash-consistent': {
    create: (targets) => createHaproxyHashConsistentPicker(targets),
    follows: 'HAProxy 2.6 balance source / hdr() with hash-type consistent (lb_chash.c)',
    hashesKey: true,
    key: 'address',
    countsConnections: false,
    sticky: true,
    persistence: ANY_PERSISTENCE,
    layers: BOTH_LAYERS,
    // 16 points per unit of weight; while building: packed pairs (8 bytes), keys and owners.
    buildCost: (n) =>
      ringBuild(n, {
        pointsPerWeight: BE_WEIGHT_SCALE,
        timePerPoint: BUILD_COST.ringPoint,
        bytesPerPoint: 16,
      }),
  },
  'haproxy-leastconn': {
    create: (targets) => createHaproxyLeastConnPicker(targets),
    follows: 'HAProxy 2.6 balance leastconn (lb_fwlc.c): ties in server order',
    hashesKey: false,
    key: 'address',
    countsConnections: true,
    sticky: false,
    persistence: notWithLeastConnections('haproxy-leastconn'),
    layers: BOTH_LAYERS,
    buildCost: linearBuild,
  },
} as const satisfies Record<string, AlgorithmDescriptor>;

/** The algorithms `createPicker` builds and a scenario may name. */
export type Algorithm = keyof typeof ALGORITHM_TABLE;

/** Every algorithm name, in the table's order. */
export const ALGORITHMS = Object.keys(ALGORITHM_TABLE) as readonly Algorithm[];

/** Whether `name` is an algorithm of the table. */
export function isAlgorithm(name: unknown): name is Algorithm {
  return typeof name === 'string' && Object.hasOwn(ALGORITHM_TABLE, name);
}

/** The descriptor of an algorithm of the table. */
export function describeAlgorithm(name: Algorithm): AlgorithmDescriptor {
  return ALGORITHM_TABLE[name];
}

/**
 * The name of an algorithm a scenario may give: one of the table's, or one a call's `pickers`
 * option adds (editors still complete the table's names).
 */
export type AlgorithmName = Algorithm | (string & {});
