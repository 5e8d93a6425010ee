/**
 * Report → JSON text (`--format json`, SPEC section 3). Every object is written with its keys in
 * a fixed order, so the bytes depend only on the report's values: same seed and scenario, same
 * output.
 *
 * - Report keys: `format, lbsimVersion, name, description, seed, requests, connections, unserved, retries,
 *   servers, windows, durationSec, windowSec, events, unservedBy, failOpen, mix, pools` (the SPEC's
 *   fields keep their order). Server keys: `listener, rule (layer 7 only), target, instance,
 *   clientAddress, weight, weights, requests, connections, share, expectedShare, newSessions, sessionsMovedIn,
 *   sessionsExpired, failed, blocked, health`. Event keys `atSec, op, description, sessionsMoved,
 *   sessionsDropped, clientsRemapped, movedTo, params`; other objects' keys in the order of
 *   `types.ts`. Unknown keys follow, sorted.
 * - `share` and `expectedShare` rounded by {@link roundShare} (easy to diff, still far finer
 *   than sampling noise); other numbers in shortest round-trip form; a non-finite number is a `RangeError`.
 * - Records keyed by target id (`windows[].requests`, `events[].movedTo`, `pools[].windows[].requests`,
 *   `pools[].expected[].shares`) in {@link targetIds} order.
 *
 * Cost: O(size of the report · log of the largest object's key count).
 */
import { roundShare } from './shares.js';
import type { Report } from './types.js';
import { targetIds } from './view-model.js';

/**
 * The report as deterministic, 2-space indented JSON with a trailing newline (see the module notes
 * for key order and rounding).
 * @throws RangeError when a number is NaN or infinite, naming its JSON path.
 */
export function renderJson(report: Report): string {
  return write(toNode(report), '', '$') + '\n';
}

/** A JSON value whose objects carry their key order (a Map keeps insertion order for any key). */
type Node = string | number | boolean | null | Node[] | Map<string, Node>;

const REPORT_KEYS = rank([
  'format',
  'lbsimVersion',
  'name',
  'description',
  'seed',
  'requests',
  'connections',
  'unserved',
  'retries',
  'servers',
  'windows',
  'durationSec',
  'windowSec',
  'events',
  'unservedBy',
  'failOpen',
  'mix',
  'pools',
]);
const SERVER_KEYS = rank([
  'listener',
  'rule',
  'target',
  'instance',
  'clientAddress',
  'weight',
  'weights',
  'requests',
  'connections',
  'share',
  'expectedShare',
  'newSessions',
  'sessionsMovedIn',
  'sessionsExpired',
  'failed',
  'blocked',
  'health',
]);
const HEALTH_KEYS = rank(['atSec', 'state']);
const WEIGHT_KEYS = rank(['atSec', 'weight']);
const WINDOW_KEYS = rank(['fromSec', 'toSec', 'requests']);
const EVENT_KEYS = rank([
  'atSec',
  'op',
  'description',
  'sessionsMoved',
  'sessionsDropped',
  'clientsRemapped',
  'movedTo',
  'params',
]);
const UNSERVED_KEYS = rank(['listener', 'rule', 'reason', 'requests']);
const FAIL_OPEN_KEYS = rank(['listener', 'rule', 'fromSec', 'toSec']);
const MIX_KEYS = rank(['listener', 'host', 'path', 'weight', 'rule', 'requests']);
const POOL_KEYS = rank(['listener', 'rule', 'algorithm', 'expected', 'windows']);
const POOL_WINDOW_KEYS = rank(['fromSec', 'toSec', 'requests', 'failed', 'unserved']);
const STEP_KEYS = rank(['atSec', 'shares']);
const NO_KEYS: ReadonlyMap<string, number> = new Map();
const SHARE_KEYS = new Set(['share', 'expectedShare']);

function rank(keys: readonly string[]): ReadonlyMap<string, number> {
  return new Map(keys.map((key, i) => [key, i]));
}

type Convert = (item: object) => Node;

function toNode(report: Report): Node {
  const ids = rank(targetIds(report));
  const byTarget = (record: unknown): Node => ordered(record as object, ids, null);
  /** Objects keyed `known`, whose keys in `targets` hold records keyed by target id. */
  const keyed =
    (known: ReadonlyMap<string, number>, targets: readonly string[] = []): Convert =>
    (item) =>
      ordered(item, known, (k, x) => (targets.includes(k) ? byTarget(x) : undefined));
  const list = (v: unknown, convert: Convert): Node | undefined =>
    Array.isArray(v) ? v.map((item: object) => convert(item)) : undefined;
  const server: Convert = (value) =>
    ordered(value, SERVER_KEYS, (key, v) => {
      if (key === 'health') return list(v, keyed(HEALTH_KEYS));
      if (key === 'weights') return list(v, keyed(WEIGHT_KEYS));
      return SHARE_KEYS.has(key) && typeof v === 'number' ? roundShare(v) : undefined;
    });
  const pool: Convert = (value) =>
    ordered(value, POOL_KEYS, (key, v) => {
      if (key === 'expected') return list(v, keyed(STEP_KEYS, ['shares']));
      if (key === 'windows') return list(v, keyed(POOL_WINDOW_KEYS, ['requests']));
      return undefined;
    });
  const sections: Readonly<Record<string, Convert>> = {
    servers: server,
    windows: keyed(WINDOW_KEYS, ['requests']),
    events: keyed(EVENT_KEYS, ['movedTo']),
    unservedBy: keyed(UNSERVED_KEYS),
    failOpen: keyed(FAIL_OPEN_KEYS),
    mix: keyed(MIX_KEYS),
    pools: pool,
  };
  return ordered(report, REPORT_KEYS, (key, v) => {
    const convert = sections[key];
    return convert === undefined ? undefined : list(v, convert);
  });
}

/**
 * An object's keys ranked by `known` (those present), then its other keys in code-unit order.
 * `special` may convert a known key's value itself; `undefined` from it means "convert
 * generically". O(k log k) in the object's own keys, whatever the size of `known`.
 */
function ordered(
  value: object,
  known: ReadonlyMap<string, number>,
  special: ((key: string, v: unknown) => Node | undefined) | null,
): Map<string, Node> {
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort((a, b) => {
    const ra = known.get(a);
    const rb = known.get(b);
    if (ra !== undefined && rb !== undefined) return ra - rb;
    if (ra !== undefined) return -1;
    if (rb !== undefined) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const out = new Map<string, Node>();
  for (const key of keys) {
    const v = record[key];
    const node = (known.has(key) ? special?.(key, v) : undefined) ?? generic(v);
    if (node !== undefined) out.set(key, node);
  }
  return out;
}

/** Any other value, as JSON.stringify would see it but with object keys sorted. */
function generic(value: unknown): Node | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v) => generic(v) ?? null);
  if (typeof value === 'object') return ordered(value, NO_KEYS, null);
  if (typeof value === 'bigint') {
    throw new TypeError(`render-json: cannot write a bigint, got ${value.toString()}n`);
  }
  return undefined; // undefined, functions and symbols are left out, as JSON.stringify does
}

function write(node: Node, indent: string, path: string): string {
  if (typeof node === 'number') {
    if (!Number.isFinite(node)) {
      throw new RangeError(`render-json: ${path} must be a finite number, got ${node}`);
    }
    return JSON.stringify(node);
  }
  if (node === null || typeof node !== 'object') return JSON.stringify(node);
  const inner = indent + '  ';
  if (Array.isArray(node)) {
    if (node.length === 0) return '[]';
    const items = node.map((v, i) => inner + write(v, inner, `${path}[${i}]`));
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  if (node.size === 0) return '{}';
  const items: string[] = [];
  for (const [key, v] of node) {
    items.push(`${inner}${JSON.stringify(key)}: ${write(v, inner, `${path}.${key}`)}`);
  }
  return `{\n${items.join(',\n')}\n${indent}}`;
}
