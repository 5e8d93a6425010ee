/**
 * Damaged and extreme scenario variants for the fuzz campaign, generated from a seed: each
 * starts from an example in `examples/` or the default scenario, shrunk to a short, light run,
 * then takes one to five mutations — numbers pushed to extremes, fields deleted, duplicated or
 * retyped, long strings (with line breaks), events added, many targets, backtracking regexes.
 * The same seed and index always give the same variant.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import seedrandom from 'seedrandom';
import { DEFAULT_SCENARIO } from '../../src/scenario/default-scenario.js';
import { EVENT_OPS } from '../../src/scenario/schema-events.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const EXAMPLES_DIR = fileURLToPath(new URL('../../examples/', import.meta.url));

/** The base scenarios: every example plus the default scenario. */
export function baseScenarios(): JsonObject[] {
  const bases = readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(EXAMPLES_DIR + f, 'utf8')) as JsonObject);
  bases.push(JSON.parse(JSON.stringify(DEFAULT_SCENARIO)) as JsonObject);
  return bases;
}

/** A small seeded random source with the helpers the mutations use. */
class Draw {
  readonly #prng: () => number;
  constructor(seed: string) {
    this.#prng = seedrandom.alea(seed);
  }
  next(): number {
    return this.#prng();
  }
  int(n: number): number {
    return Math.floor(this.#prng() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.#prng() < p;
  }
}

const EXTREME_NUMBERS: readonly number[] = [
  0,
  -0,
  -1,
  1,
  0.5,
  1e-300,
  5e-324,
  1e-9,
  2,
  3,
  7,
  100,
  101,
  255,
  256,
  65535,
  65536,
  3600,
  86400,
  2 ** 24,
  2 ** 31,
  2 ** 32,
  2 ** 53 + 2,
  1e9,
  1e10,
  1e12,
  1e15,
  1.8e305,
  1e308,
  -1e308,
  Number.MAX_VALUE,
];

const LONG = 'a'.repeat(10_000);
const ODD_STRINGS: readonly string[] = [
  '',
  ' ',
  'x',
  'line\nbreak',
  'ins-a\nlisteners[0].port: forged line',
  '\u0000\u2028\u001b[31m',
  '~^(a+)+$',
  '~(a)\\1',
  '~*(?=x)',
  '~[',
  '*.*.com',
  '0.0.0.0/0',
  '::1',
  '10.0.0.1',
  'ALL',
  '1-65535',
  'wrr',
  'maglev',
  'ring-hash',
  'random',
  'p2c',
  'wlc',
  'ip-hash',
  '__proto__',
  'constructor',
  LONG,
  `${LONG}\n${LONG}`,
  `~${'a'.repeat(2000)}`,
];

/** `s[key]` when it is an object, else a new empty object put there. */
function objectAt(s: JsonObject, key: string): JsonObject {
  const value = s[key];
  if (value !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return value;
  }
  const fresh: JsonObject = {};
  s[key] = fresh;
  return fresh;
}

/** Every (container, key) pair in a JSON tree, for picking a place to mutate. */
function places(root: Json): { parent: JsonObject | Json[]; key: string | number }[] {
  const out: { parent: JsonObject | Json[]; key: string | number }[] = [];
  const walk = (node: Json, depth: number): void => {
    if (depth > 12 || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        out.push({ parent: node, key: i });
        walk(child, depth + 1);
      });
    } else {
      for (const [k, child] of Object.entries(node)) {
        if (k === 'description') continue;
        out.push({ parent: node, key: k });
        walk(child, depth + 1);
      }
    }
  };
  walk(root, 0);
  return out;
}

function get(parent: JsonObject | Json[], key: string | number): Json {
  return (parent as Record<string | number, Json>)[key]!;
}
function set(parent: JsonObject | Json[], key: string | number, value: Json): void {
  (parent as Record<string | number, Json>)[key] = value;
}

/** Shrinks a scenario to a short, light run (so thousands fit in CI's time). */
function shrink(s: JsonObject, d: Draw): void {
  const duration = typeof s.durationSec === 'number' ? s.durationSec : 600;
  const newDuration = d.pick([1, 5, 10, 20, 30]);
  s.durationSec = newDuration;
  const traffic = (s.traffic ?? {}) as JsonObject;
  const rate = typeof traffic.ratePerSec === 'number' ? traffic.ratePerSec : 1000;
  traffic.ratePerSec = Math.min(rate, d.pick([10, 50, 100, 300]));
  s.traffic = traffic;
  if (Array.isArray(s.events)) {
    for (const e of s.events) {
      if (e !== null && typeof e === 'object' && !Array.isArray(e) && typeof e.atSec === 'number') {
        e.atSec = Math.round(((e.atSec * newDuration) / duration) * 1000) / 1000;
      }
    }
  }
  if (d.chance(0.5)) s.options = { windowSec: d.pick([0.5, 1, 2, 5, 10]) };
}

/** Ids of things the scenario names, for events that refer to them. */
function namesOf(s: JsonObject): { listeners: string[]; instances: string[]; targets: string[] } {
  const listeners: string[] = [];
  const targets: string[] = [];
  for (const l of Array.isArray(s.listeners) ? s.listeners : []) {
    if (l === null || typeof l !== 'object' || Array.isArray(l)) continue;
    if (typeof l.id === 'string') listeners.push(l.id);
    const lists = [
      l.targets,
      ...(Array.isArray(l.rules)
        ? l.rules.map((r) =>
            r !== null && typeof r === 'object' && !Array.isArray(r) ? r.targets : null,
          )
        : []),
    ];
    for (const list of lists) {
      for (const t of Array.isArray(list) ? list : []) {
        if (t === null || typeof t !== 'object' || Array.isArray(t)) continue;
        const ref = t.instance ?? t.eni ?? t.ip;
        if (typeof ref === 'string')
          targets.push(`${ref}:${typeof t.port === 'number' ? t.port : 80}`);
      }
    }
  }
  const instances = (Array.isArray(s.instances) ? s.instances : []).flatMap((i) =>
    i !== null && typeof i === 'object' && !Array.isArray(i) && typeof i.id === 'string'
      ? [i.id]
      : [],
  );
  return { listeners, instances, targets };
}

function randomEvent(s: JsonObject, d: Draw, duration: number): JsonObject {
  const names = namesOf(s);
  const listener = d.chance(0.95) && names.listeners.length > 0 ? d.pick(names.listeners) : 'nope';
  const instance = d.chance(0.95) && names.instances.length > 0 ? d.pick(names.instances) : 'nope';
  const target = d.chance(0.95) && names.targets.length > 0 ? d.pick(names.targets) : 'nope:1';
  const atSec = d.chance(0.9)
    ? Math.round(d.next() * duration * 1000) / 1000
    : d.pick(EXTREME_NUMBERS);
  const op = d.pick(EVENT_OPS);
  switch (op) {
    case 'setWeight':
      return { atSec, op, listener, target, weight: d.pick([0, 0, 1, 10, 100, 101]) };
    case 'setPort':
      return { atSec, op, listener, target, port: d.pick([80, 8080, 9000, 0]) };
    case 'bind':
      return {
        atSec,
        op,
        listener,
        port: d.pick([80, 8080, 9090]),
        targets: Array.from({ length: 1 + d.int(3) }, () => ({
          instance: d.pick([...names.instances, 'nope']),
        })),
      };
    case 'unbind':
      return { atSec, op, listener, targets: [target] };
    case 'setSecurityGroup':
      return {
        atSec,
        op,
        securityGroup: d.pick(['sg-web', 'sg-1', 'nope']),
        inbound: [
          {
            source: d.pick(['0.0.0.0/0', '10.0.0.0/8', '203.0.113.10']),
            port: 'ALL',
            action: d.pick(['allow', 'drop']),
          },
        ],
      };
    case 'scale':
      return {
        atSec,
        op,
        listener,
        port: d.pick([80, 8080]),
        add: Array.from({ length: d.int(3) }, () => ({
          id: `as-${d.int(1e6)}`,
          privateIp: `10.0.${d.int(4)}.${1 + d.int(250)}`,
          ...(d.chance(0.3) ? { zone: d.pick(['ap-guangzhou-1', 'ap-shanghai-2']) } : {}),
        })),
        remove: d.chance(0.5) ? [instance] : [],
        ...(d.chance(0.3) ? { template: instance } : {}),
      };
    case 'bindSecurityGroup':
    case 'unbindSecurityGroup':
      return { atSec, op, instance, securityGroup: d.pick(['sg-web', 'sg-1', 'nope']) };
    case 'zoneDown':
    case 'zoneUp':
      return { atSec, op, zone: d.pick(['ap-guangzhou-1', 'ap-guangzhou-2', 'nope']) };
    case 'moveEni':
      return { atSec, op, eni: d.pick(['eni-1', 'eni-2', 'nope']), instance };
    case 'setBackendMode':
      return {
        atSec,
        op,
        backendMode: d.pick(['same-vpc', 'cross-region-v1', 'non-vpc-ips', 'nope']),
        ...(d.chance(0.3) ? { backendRegion: d.pick(['ap-shanghai', 'ap-guangzhou']) } : {}),
      };
    default:
      return { atSec, op, instance };
  }
}

type Mutation = (s: JsonObject, d: Draw) => void;

const MUTATIONS: readonly [string, number, Mutation][] = [
  [
    'extreme number',
    6,
    (s, d) => {
      const numeric = places(s).filter((p) => typeof get(p.parent, p.key) === 'number');
      if (numeric.length === 0) return;
      const p = d.pick(numeric);
      set(p.parent, p.key, d.pick(EXTREME_NUMBERS));
    },
  ],
  [
    'delete a field',
    3,
    (s, d) => {
      const all = places(s);
      if (all.length === 0) return;
      const p = d.pick(all);
      if (Array.isArray(p.parent)) p.parent.splice(p.key as number, 1);
      // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- deleting a field is the mutation
      else delete p.parent[p.key];
    },
  ],
  [
    'retype a field',
    3,
    (s, d) => {
      const all = places(s);
      if (all.length === 0) return;
      const p = d.pick(all);
      set(p.parent, p.key, d.pick<Json>([null, true, 'x', 0, [], {}, [1], { a: 1 }, -1]));
    },
  ],
  [
    'odd string',
    3,
    (s, d) => {
      const strings = places(s).filter((p) => typeof get(p.parent, p.key) === 'string');
      if (strings.length === 0) return;
      const p = d.pick(strings);
      set(p.parent, p.key, d.pick(ODD_STRINGS));
    },
  ],
  [
    'duplicate array items',
    2,
    (s, d) => {
      const arrays = places(s).filter((p) => Array.isArray(get(p.parent, p.key)));
      if (arrays.length === 0) return;
      const p = d.pick(arrays);
      const arr = get(p.parent, p.key) as Json[];
      if (arr.length === 0) return;
      const item = arr[d.int(arr.length)]!;
      const copies = d.pick([1, 2, 50, 500]);
      for (let i = 0; i < copies; i++) arr.push(structuredClone(item));
    },
  ],
  [
    'add events',
    4,
    (s, d) => {
      const duration = typeof s.durationSec === 'number' ? s.durationSec : 10;
      const events = Array.isArray(s.events) ? s.events : (s.events = []);
      const n = d.pick([1, 3, 10, 100]);
      for (let i = 0; i < n; i++) events.push(randomEvent(s, d, Math.min(duration, 1e6)));
    },
  ],
  [
    'many targets',
    1,
    (s, d) => {
      const listeners = Array.isArray(s.listeners) ? s.listeners : [];
      const l = listeners[0];
      if (l === undefined || l === null || typeof l !== 'object' || Array.isArray(l)) return;
      const instances = Array.isArray(s.instances) ? s.instances : (s.instances = []);
      const n = d.pick([20, 99, 100, 100, 101, 300]);
      const targets: Json[] = [];
      for (let i = 0; i < n; i++) {
        instances.push({
          id: `bulk-${i}`,
          zone: `ap-guangzhou-${1 + (i % 3)}`,
          region: 'ap-guangzhou',
          vpcId: 'vpc-1',
          privateIp: `10.9.${i >> 8}.${i & 255}`,
        });
        targets.push({ instance: `bulk-${i}`, port: 80, weight: 1 + d.int(100) });
      }
      l.algorithm = d.pick(['wrr', 'maglev', 'ring-hash', 'ip-hash', 'random', 'p2c', 'wlc']);
      if (Array.isArray(l.rules) && l.rules.length > 0) {
        const r = l.rules[0];
        if (r !== null && typeof r === 'object' && !Array.isArray(r)) r.targets = targets;
      } else l.targets = targets;
    },
  ],
  [
    'backtracking regex rule',
    2,
    (s, d) => {
      const regex = d.pick(['~^(a+)+$', '~*^(a|aa)+$', '~(x+x+)+y', '~^(a+)+$\\1', '~(?=a)', '~[']);
      const listeners = Array.isArray(s.listeners) ? s.listeners : (s.listeners = []);
      listeners.push({
        id: 'fuzz-l7',
        protocol: 'HTTP',
        port: 8081,
        rules: [
          {
            domain: d.chance(0.5) ? regex : 'x.test',
            path: d.chance(0.5) ? regex : '/',
            targets: [],
          },
          { domain: 'y.test', path: '/', targets: [] },
        ],
      });
      const traffic = objectAt(s, 'traffic');
      const mix = Array.isArray(traffic.mix) ? traffic.mix : (traffic.mix = []);
      const long = 'a'.repeat(d.pick([100, 10_000, 60_000]));
      mix.push({ listener: 'fuzz-l7', host: `${long}b`, path: `/${long}!`, weight: 1 });
      if (listeners.length > 1 && mix.length === 1) {
        for (const l of listeners.slice(0, -1)) {
          if (
            l !== null &&
            typeof l === 'object' &&
            !Array.isArray(l) &&
            typeof l.id === 'string' &&
            (l.protocol === 'TCP' || l.protocol === 'UDP' || l.protocol === 'TCP_SSL')
          )
            mix.push({ listener: l.id, weight: 1 });
        }
      }
    },
  ],
  [
    'persistence and many clients',
    2,
    (s, d) => {
      const traffic = objectAt(s, 'traffic');
      traffic.clients = d.pick([1, 2, 1000, 2 ** 20, 2 ** 24]);
      traffic.popularity = d.pick<Json>(['uniform', { zipf: 1.1 }, { zipf: 100 }, { zipf: 1e-9 }]);
      for (const l of Array.isArray(s.listeners) ? s.listeners : []) {
        if (l !== null && typeof l === 'object' && !Array.isArray(l) && d.chance(0.5)) {
          l.session = { timeoutSec: d.pick([30, 600, 3600]) };
          if (l.algorithm === 'wlc') l.algorithm = 'wrr';
        }
      }
    },
  ],
  [
    'health checks',
    2,
    (s, d) => {
      for (const l of Array.isArray(s.listeners) ? s.listeners : []) {
        if (l !== null && typeof l === 'object' && !Array.isArray(l)) {
          l.healthCheck = d.pick<Json>([
            { enabled: false },
            { intervalSec: 3, timeoutSec: 2 },
            { intervalSec: 300 },
            { intervalSec: 3, healthyThreshold: 2, unhealthyThreshold: 2 },
          ]);
          if (d.chance(0.3) && !Array.isArray(l.rules))
            l.protocol = d.pick(['TCP', 'UDP', 'TCP_SSL', 'tcp ssl']);
        }
      }
    },
  ],
  [
    'down instances',
    2,
    (s, d) => {
      for (const i of Array.isArray(s.instances) ? s.instances : []) {
        if (i !== null && typeof i === 'object' && !Array.isArray(i) && d.chance(0.5))
          i.state = d.pick(['stopped', 'running', 'running']);
      }
    },
  ],
  [
    'top-level junk',
    1,
    (s, d) => {
      const key = d.pick([
        'seed',
        'durationSec',
        'options',
        'traffic',
        'events',
        'listeners',
        'instances',
        'loadBalancer',
      ]);
      s[key] = d.pick<Json>([
        null,
        'x',
        1e308,
        [],
        {},
        [null],
        { windowSec: 1e308 },
        { maxRequests: 1e300 },
        { windowSec: 1e-9 },
      ]);
    },
  ],
];

const TOTAL_WEIGHT = MUTATIONS.reduce((n, [, w]) => n + w, 0);

function pickMutation(d: Draw): [string, Mutation] {
  let u = d.int(TOTAL_WEIGHT);
  for (const [name, w, m] of MUTATIONS) {
    if (u < w) return [name, m];
    u -= w;
  }
  const [name, , m] = MUTATIONS[0]!;
  return [name, m];
}

const GENTLE: readonly string[] = [
  'add events',
  'many targets',
  'backtracking regex rule',
  'persistence and many clients',
  'health checks',
  'down instances',
];

function pickGentle(d: Draw): [string, Mutation] {
  const name = d.pick(GENTLE);
  return [name, MUTATIONS.find(([n]) => n === name)![2]];
}

/** Variant `index` of the campaign seeded `seed`: its JSON and the mutations applied. */
export function makeVariant(
  bases: readonly JsonObject[],
  seed: string,
  index: number,
): { json: unknown; mutations: string[] } {
  const d = new Draw(`${seed}/${index}`);
  const s = structuredClone(d.pick(bases));
  shrink(s, d);
  const mutations: string[] = [];
  // Half the variants take only mutations that keep most scenarios valid, so that many of them
  // run (and meet the report invariants) rather than stop at validation.
  const gentle = d.chance(0.5);
  const n = gentle ? 1 + d.int(2) : 1 + d.int(5);
  for (let i = 0; i < n; i++) {
    const [name, m] = gentle ? pickGentle(d) : pickMutation(d);
    mutations.push(name);
    m(s, d);
  }
  return { json: s, mutations };
}
