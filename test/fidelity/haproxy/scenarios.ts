/**
 * The HAProxy fidelity scenarios, as data: a backend (algorithm, hash-type, servers with weights),
 * then steps — requests (keyed or not), leastconn opens and closes, runtime API commands with the
 * weights they leave, reloads with a new server list. The live runner (live.ts) plays them on a
 * real HAProxy; the replayer (replay.ts) plays the same steps on the lbsim dialect and compares.
 * Keys and operation sequences come from fixed seeds, so a scenario is the same on every run.
 */
import type { HaproxyHashFunction } from '../../../src/balancer/dialects/haproxy-hash-functions.js';

/** The four HAProxy dialects. */
export type HaproxyDialect =
  'haproxy-roundrobin' | 'haproxy-hash' | 'haproxy-hash-consistent' | 'haproxy-leastconn';

/** A server line: its name and weight (ports are given at run time). */
export interface ServerSpec {
  readonly name: string;
  readonly weight: number;
  /** The `id` keyword on the server line. */
  readonly id?: number;
}

/** One step of a scenario. */
export type Step =
  /** Sequential requests without a key (roundrobin) or with the given keys (hash dialects). */
  | { readonly kind: 'requests'; readonly count?: number; readonly keys?: readonly string[] }
  /**
   * Runtime API commands (`set weight be/s2 7`, `disable server be/s3`), in server order (the order
   * in which `update()` applies changes), then the weights they leave.
   */
  | {
      readonly kind: 'runtime';
      readonly commands: readonly string[];
      readonly weights: readonly number[];
    }
  /** A reload with a new server list (a new process: state starts afresh). */
  | { readonly kind: 'reload'; readonly servers: readonly ServerSpec[] }
  /** Leastconn: `o` opens a request (held by its backend), a number closes that earlier open. */
  | { readonly kind: 'leastconn'; readonly ops: readonly ('o' | number)[] };

/** A scenario: one backend, a list of steps. */
export interface Scenario {
  readonly name: string;
  readonly dialect: HaproxyDialect;
  /** `balance` argument: `roundrobin`, `leastconn`, `source` or `hdr(X-Key)`. */
  readonly balance: string;
  readonly hashFunction?: HaproxyHashFunction;
  readonly avalanche?: boolean;
  readonly servers: readonly ServerSpec[];
  readonly steps: readonly Step[];
}

/** mulberry32: a small seeded generator for keys and operation sequences. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct loopback source addresses 127.a.b.c (never 127.0.0.x), from `seed`. */
export function sourceKeys(seed: number, count: number): string[] {
  const rnd = seeded(seed);
  const seen = new Set<string>();
  while (seen.size < count) {
    const a = Math.floor(rnd() * 255);
    const b = Math.floor(rnd() * 256);
    const c = 1 + Math.floor(rnd() * 254);
    if (a === 0) continue;
    seen.add(`127.${a}.${b}.${c}`);
  }
  return [...seen];
}

/** `count` header values: printable tokens of 1..24 characters (never address-like), from `seed`. */
export function headerKeys(seed: number, count: number): string[] {
  const rnd = seeded(seed);
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~/=';
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const len = 1 + Math.floor(rnd() * 24);
    let s = 'k';
    for (let j = 1; j < len; j++) s += alphabet[Math.floor(rnd() * alphabet.length)]!;
    out.push(s);
  }
  return out;
}

/** A leastconn operation sequence: opens while fewer than `maxInflight`, closes at random. */
export function leastconnOps(seed: number, count: number, maxInflight: number): ('o' | number)[] {
  const rnd = seeded(seed);
  const open: number[] = [];
  const ops: ('o' | number)[] = [];
  let opened = 0;
  for (let i = 0; i < count; i++) {
    if (open.length === 0 || (open.length < maxInflight && rnd() < 0.55)) {
      ops.push('o');
      open.push(opened++);
    } else {
      const k = Math.floor(rnd() * open.length);
      ops.push(open[k]!);
      open.splice(k, 1);
    }
  }
  return ops;
}

/** Closes every request still open after `ops` (so a reload starts idle). */
export function closeAll(ops: readonly ('o' | number)[], firstId = 0): number[] {
  const open = new Set<number>();
  let opened = firstId;
  for (const op of ops) {
    if (op === 'o') open.add(opened++);
    else open.delete(op);
  }
  return [...open];
}

const s = (name: string, weight: number): ServerSpec => ({ name, weight });

/** Roundrobin: 5,3,1,1 then runtime weight changes, a disabled server, a reload. */
const roundrobin: Scenario = {
  name: 'roundrobin',
  dialect: 'haproxy-roundrobin',
  balance: 'roundrobin',
  servers: [s('s1', 5), s('s2', 3), s('s3', 1), s('s4', 1)],
  steps: [
    { kind: 'requests', count: 157 },
    { kind: 'runtime', commands: ['set weight be/s2 7'], weights: [5, 7, 1, 1] },
    { kind: 'requests', count: 83 },
    { kind: 'runtime', commands: ['set weight be/s1 0'], weights: [0, 7, 1, 1] },
    { kind: 'requests', count: 41 },
    { kind: 'runtime', commands: ['set weight be/s1 2'], weights: [2, 7, 1, 1] },
    { kind: 'requests', count: 67 },
    { kind: 'runtime', commands: ['disable server be/s3'], weights: [2, 7, 0, 1] },
    { kind: 'requests', count: 29 },
    {
      kind: 'runtime',
      commands: ['enable server be/s3', 'set weight be/s4 4'],
      weights: [2, 7, 1, 4],
    },
    { kind: 'requests', count: 101 },
    {
      kind: 'runtime',
      commands: ['set weight be/s1 9', 'set weight be/s2 1'],
      weights: [9, 1, 1, 4],
    },
    { kind: 'requests', count: 77 },
    { kind: 'reload', servers: [s('s1', 5), s('s3', 2), s('s4', 3)] },
    { kind: 'requests', count: 60 },
  ],
};

/** Roundrobin with many unequal weights (more tree switching and remainders). */
const roundrobinMany: Scenario = {
  name: 'roundrobin-many',
  dialect: 'haproxy-roundrobin',
  balance: 'roundrobin',
  servers: [s('s1', 13), s('s2', 1), s('s3', 7), s('s4', 7), s('s5', 2), s('s6', 30)],
  steps: [
    { kind: 'requests', count: 200 },
    { kind: 'runtime', commands: ['set weight be/s6 3'], weights: [13, 1, 7, 7, 2, 3] },
    { kind: 'requests', count: 50 },
    {
      kind: 'runtime',
      commands: ['set weight be/s2 20', 'set weight be/s4 0'],
      weights: [13, 20, 7, 0, 2, 3],
    },
    { kind: 'requests', count: 90 },
    {
      kind: 'runtime',
      commands: ['set weight be/s1 1', 'set weight be/s4 1'],
      weights: [1, 20, 7, 1, 2, 3],
    },
    { kind: 'requests', count: 60 },
  ],
};

/** Roundrobin over ten servers with weights up to 100, runtime changes and a reload. */
const roundrobinWide: Scenario = (() => {
  const rnd = seeded(51);
  const weights = Array.from({ length: 10 }, () => 1 + Math.floor(rnd() * 100));
  const servers = weights.map((w, i) => s(`s${i}`, w));
  const w2 = [...weights];
  w2[2] = 0;
  w2[7] = 100;
  const w3 = [...w2];
  w3[0] = 1;
  w3[2] = 37;
  w3[9] = 0;
  return {
    name: 'roundrobin-wide',
    dialect: 'haproxy-roundrobin',
    balance: 'roundrobin',
    servers,
    steps: [
      { kind: 'requests', count: 700 },
      { kind: 'runtime', commands: ['set weight be/s2 0', 'set weight be/s7 100'], weights: w2 },
      { kind: 'requests', count: 333 },
      {
        kind: 'runtime',
        commands: ['set weight be/s0 1', 'set weight be/s2 37', 'disable server be/s9'],
        weights: w3,
      },
      { kind: 'requests', count: 450 },
      { kind: 'reload', servers: servers.filter((_, i) => i % 3 !== 1) },
      { kind: 'requests', count: 300 },
    ],
  };
})();

/** Header keys with some missing (empty): HAProxy falls back to round robin for those. */
function withMissing(keys: readonly string[], seed: number): string[] {
  const rnd = seeded(seed);
  return keys.map((k) => (rnd() < 0.15 ? '' : k));
}

function hashScenario(
  name: string,
  dialect: 'haproxy-hash' | 'haproxy-hash-consistent',
  balance: string,
  seed: number,
  options: { hashFunction?: HaproxyHashFunction; avalanche?: boolean },
  servers: readonly ServerSpec[],
  changes: { commands: string[]; weights: number[] }[],
  reload: readonly ServerSpec[],
  count: number,
): Scenario {
  const gen = balance === 'source' ? sourceKeys : headerKeys;
  const keys = gen(seed, count);
  const steps: Step[] = [{ kind: 'requests', keys }];
  for (const c of changes) {
    steps.push({ kind: 'runtime', commands: c.commands, weights: c.weights });
    steps.push({ kind: 'requests', keys: keys.slice(0, Math.ceil(count / 2)) });
  }
  steps.push({ kind: 'reload', servers: reload });
  steps.push({ kind: 'requests', keys: keys.slice(0, Math.ceil(count / 2)) });
  return { name, dialect, balance, ...options, servers, steps };
}

const fourServers = [s('s1', 3), s('s2', 2), s('s3', 1), s('s4', 4)];
const threeLeft = [s('s1', 3), s('s3', 1), s('s4', 4)];

/** The hashing scenarios: map-based and consistent, source and header, each hash function. */
const hashing: Scenario[] = [
  hashScenario(
    'map-source',
    'haproxy-hash',
    'source',
    11,
    {},
    fourServers,
    [{ commands: ['set weight be/s2 0'], weights: [3, 0, 1, 4] }],
    threeLeft,
    1500,
  ),
  hashScenario(
    'map-source-gcd',
    'haproxy-hash',
    'source',
    12,
    {},
    [s('s1', 4), s('s2', 6), s('s3', 2)],
    [
      { commands: ['disable server be/s1'], weights: [0, 6, 2] },
      { commands: ['enable server be/s1'], weights: [4, 6, 2] },
    ],
    [s('s2', 6), s('s3', 3)],
    800,
  ),
  hashScenario(
    'map-hdr-sdbm',
    'haproxy-hash',
    'hdr(X-Key)',
    21,
    {},
    fourServers,
    [{ commands: ['set weight be/s4 0'], weights: [3, 2, 1, 0] }],
    threeLeft,
    800,
  ),
  hashScenario(
    'map-hdr-djb2',
    'haproxy-hash',
    'hdr(X-Key)',
    22,
    { hashFunction: 'djb2' },
    fourServers,
    [],
    threeLeft,
    600,
  ),
  hashScenario(
    'map-hdr-wt6',
    'haproxy-hash',
    'hdr(X-Key)',
    23,
    { hashFunction: 'wt6' },
    fourServers,
    [],
    threeLeft,
    600,
  ),
  hashScenario(
    'map-hdr-crc32',
    'haproxy-hash',
    'hdr(X-Key)',
    24,
    { hashFunction: 'crc32' },
    fourServers,
    [],
    threeLeft,
    600,
  ),
  hashScenario(
    'map-hdr-sdbm-avalanche',
    'haproxy-hash',
    'hdr(X-Key)',
    25,
    { hashFunction: 'sdbm', avalanche: true },
    fourServers,
    [],
    threeLeft,
    600,
  ),
  hashScenario(
    'chash-source',
    'haproxy-hash-consistent',
    'source',
    31,
    {},
    fourServers,
    [
      { commands: ['set weight be/s1 7'], weights: [7, 2, 1, 4] },
      { commands: ['set weight be/s2 0'], weights: [7, 0, 1, 4] },
    ],
    threeLeft,
    1500,
  ),
  hashScenario(
    'chash-hdr-default',
    'haproxy-hash-consistent',
    'hdr(X-Key)',
    32,
    {},
    fourServers,
    [{ commands: ['set weight be/s3 5', 'disable server be/s4'], weights: [3, 2, 5, 0] }],
    threeLeft,
    800,
  ),
  hashScenario(
    'chash-hdr-djb2',
    'haproxy-hash-consistent',
    'hdr(X-Key)',
    33,
    { hashFunction: 'djb2', avalanche: false },
    fourServers,
    [],
    threeLeft,
    600,
  ),
  hashScenario(
    'chash-hdr-crc32-avalanche',
    'haproxy-hash-consistent',
    'hdr(X-Key)',
    34,
    { hashFunction: 'crc32', avalanche: true },
    fourServers,
    [],
    threeLeft,
    600,
  ),
  hashScenario(
    'chash-hdr-wt6',
    'haproxy-hash-consistent',
    'hdr(X-Key)',
    35,
    { hashFunction: 'wt6', avalanche: false },
    fourServers,
    [],
    threeLeft,
    600,
  ),
];

/** Explicit server ids (`id` keyword) mixed with automatic ones move consistent-hashing points. */
const explicitIds: Scenario = {
  name: 'chash-source-ids',
  dialect: 'haproxy-hash-consistent',
  balance: 'source',
  servers: [
    s('s1', 3),
    { name: 's2', weight: 2, id: 1 },
    s('s3', 1),
    { name: 's4', weight: 4, id: 9 },
  ],
  steps: [{ kind: 'requests', keys: sourceKeys(36, 800) }],
};

/** Missing header keys (round-robin fallback) through map-based and consistent hashing. */
const missingKeys: Scenario[] = (['haproxy-hash', 'haproxy-hash-consistent'] as const).map(
  (dialect, n): Scenario => {
    const keys = withMissing(headerKeys(61 + n, 300), 71 + n);
    return {
      name: dialect === 'haproxy-hash' ? 'map-hdr-missing' : 'chash-hdr-missing',
      dialect,
      balance: 'hdr(X-Key)',
      servers: fourServers,
      steps: [
        { kind: 'requests', keys },
        { kind: 'runtime', commands: ['set weight be/s2 0'], weights: [3, 0, 1, 4] },
        { kind: 'requests', keys },
        { kind: 'runtime', commands: ['set weight be/s2 2'], weights: [3, 2, 1, 4] },
        { kind: 'requests', keys: keys.slice(0, 100) },
      ],
    };
  },
);

const lcOps1 = leastconnOps(41, 160, 12);
const lcOps2 = leastconnOps(42, 160, 12).map((op) => (op === 'o' ? op : op + countOpens(lcOps1)));

/** Leastconn: held requests, weights 2,2,1,3, runtime changes with requests in flight, a reload. */
const leastconn: Scenario = {
  name: 'leastconn',
  dialect: 'haproxy-leastconn',
  balance: 'leastconn',
  servers: [s('s1', 2), s('s2', 2), s('s3', 1), s('s4', 3)],
  steps: [
    { kind: 'leastconn', ops: lcOps1 },
    { kind: 'runtime', commands: ['set weight be/s4 1'], weights: [2, 2, 1, 1] },
    { kind: 'leastconn', ops: lcOps2 },
    { kind: 'runtime', commands: ['disable server be/s1'], weights: [0, 2, 1, 1] },
    { kind: 'leastconn', ops: ['o', 'o', 'o', 'o', 'o'] },
    {
      kind: 'runtime',
      commands: ['enable server be/s1', 'set weight be/s3 4'],
      weights: [2, 2, 4, 1],
    },
    { kind: 'leastconn', ops: ['o', 'o', 'o', 'o', 'o', 'o', 'o', 'o'] },
  ],
};

function countOpens(ops: readonly ('o' | number)[]): number {
  return ops.filter((op) => op === 'o').length;
}

/** Leastconn over six servers, up to 30 requests in flight. */
const leastconnWide: Scenario = {
  name: 'leastconn-wide',
  dialect: 'haproxy-leastconn',
  balance: 'leastconn',
  servers: [s('s1', 10), s('s2', 1), s('s3', 33), s('s4', 7), s('s5', 7), s('s6', 100)],
  steps: [
    { kind: 'leastconn', ops: leastconnOps(44, 300, 30) },
    {
      kind: 'runtime',
      commands: ['set weight be/s3 7', 'set weight be/s6 0'],
      weights: [10, 1, 7, 7, 7, 0],
    },
    {
      kind: 'leastconn',
      ops: leastconnOps(45, 120, 20).map((op) =>
        op === 'o' ? op : op + countOpens(leastconnOps(44, 300, 30)),
      ),
    },
  ],
};

/** Appends to a leastconn scenario: close everything, reload without s2, and open some more. */
function withReload(sc: Scenario): Scenario {
  const all: ('o' | number)[] = [];
  for (const st of sc.steps) if (st.kind === 'leastconn') all.push(...st.ops);
  const closes = closeAll(all);
  const opened = countOpens(all);
  const after = leastconnOps(43, 40, 6).map((op) => (op === 'o' ? op : op + opened));
  return {
    ...sc,
    steps: [
      ...sc.steps,
      { kind: 'leastconn', ops: closes },
      { kind: 'reload', servers: [s('s1', 2), s('s3', 4), s('s4', 1)] },
      { kind: 'leastconn', ops: after },
    ],
  };
}

/** Every scenario, in the order the suite runs them. */
export const SCENARIOS: readonly Scenario[] = [
  roundrobin,
  roundrobinMany,
  roundrobinWide,
  ...hashing,
  explicitIds,
  ...missingKeys,
  withReload(leastconn),
  leastconnWide,
];
