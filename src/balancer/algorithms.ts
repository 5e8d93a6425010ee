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
import { BUILD_COST, type AlgorithmDescriptor, type BuildCost } from './algorithm-facts.js';

export {
  ALGORITHM_SETTINGS,
  BUILD_COST,
  type AlgorithmDescriptor,
  type AlgorithmSetting,
  type BuildCost,
  type PickerOptions,
} from './algorithm-facts.js';

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
      // Worst spread of weights (1 and MAX_WEIGHT) gives the largest default table. Two tables
      // of 2-byte cells are kept, the current one and the one before (a pool's targets stay
      // under 65536).
      const m = Math.min(defaultTableSize(MAX_WEIGHT * n, 1), MAX_TABLE_SIZE);
      return { time: m * BUILD_COST.maglevCell, bytes: 4 * m + 20 * n };
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
