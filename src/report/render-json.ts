/**
 * Report → JSON text (`--format json`, SPEC section 3). The bytes depend only on the report's
 * values, never on the order its objects were built in: every object is written with its keys in a
 * fixed order, so the same seed and scenario give byte-identical output.
 *
 * Choices, fixed here so callers can rely on them:
 * - Report keys: `seed, requests, unserved, servers, windows` (the SPEC example's order), then
 *   `durationSec, events`. Server keys: `listener, rule (layer 7 only), target, instance, weight,
 *   requests, share, expectedShare, newSessions, failed, blocked, health`. Health, window and
 *   event keys in the order of `types.ts`.
 * - `share` and `expectedShare` are rounded to {@link SHARE_DECIMALS} decimals (0.268333, not
 *   0.26833333333333337): friendlier to read and diff, and still far finer than any sampling noise.
 *   Every other number is written as it is (shortest round-trip form).
 * - `windows[].requests` and `events[].movedTo` list target ids in the order of `servers` (first
 *   occurrence), then ids missing from `servers` in code-unit order.
 * - Fields this module does not know (added to the report later) are kept, after the known ones,
 *   sorted by key; their nested objects are sorted by key too.
 * - Two-space indentation and a trailing newline. Undefined fields are left out (as JSON does);
 *   a non-finite number is a `RangeError`, because JSON cannot say it and `null` would lie.
 *
 * So `JSON.parse(renderJson(r))` deep-equals `r` with its shares rounded ({@link roundShare}).
 * Cost: O(size of the report · log of the largest object's key count).
 */
import type { Report } from './types.js';

/** Decimals kept in `share` and `expectedShare`. */
export const SHARE_DECIMALS = 6;

const SHARE_SCALE = 10 ** SHARE_DECIMALS;

/** Rounds a share to {@link SHARE_DECIMALS} decimals, as {@link renderJson} writes it. */
export function roundShare(share: number): number {
  // `+ 0` turns a -0 (a tiny negative rounding residue) into 0.
  return Math.round(share * SHARE_SCALE) / SHARE_SCALE + 0;
}

/**
 * Distinct target ids of a report: first those of `servers`, in order of first occurrence, then
 * ids seen only in `windows` or `events`, in code-unit order. Renderers use this one order
 * everywhere (JSON keys, table rows, chart colours).
 */
export function targetIds(report: Report): string[] {
  const seen = new Set<string>();
  for (const server of report.servers) seen.add(server.target);
  const extra = new Set<string>();
  const note = (id: string): void => {
    if (!seen.has(id)) extra.add(id);
  };
  for (const window of report.windows) for (const id of Object.keys(window.requests)) note(id);
  for (const event of report.events) for (const id of Object.keys(event.movedTo)) note(id);
  return [...seen, ...[...extra].sort()];
}

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
  'seed',
  'requests',
  'unserved',
  'retries',
  'servers',
  'windows',
  'durationSec',
  'events',
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
  'sessionsMoved',
  'sessionsDropped',
  'clientsRemapped',
  'movedTo',
]);
const NO_KEYS: ReadonlyMap<string, number> = new Map();
const SHARE_KEYS = new Set(['share', 'expectedShare']);

function rank(keys: readonly string[]): ReadonlyMap<string, number> {
  return new Map(keys.map((key, i) => [key, i]));
}

function toNode(report: Report): Node {
  const ids = rank(targetIds(report));
  const byTarget = (record: object): Node => ordered(record, ids, null);
  const server = (value: object): Node =>
    ordered(value, SERVER_KEYS, (key, v) => {
      if (key === 'health' && Array.isArray(v)) {
        return v.map((h: object) => ordered(h, HEALTH_KEYS, null));
      }
      if (key === 'weights' && Array.isArray(v)) {
        return v.map((w: object) => ordered(w, WEIGHT_KEYS, null));
      }
      return SHARE_KEYS.has(key) && typeof v === 'number' ? roundShare(v) : undefined;
    });
  return ordered(report, REPORT_KEYS, (key, v) => {
    if (!Array.isArray(v)) return undefined;
    switch (key) {
      case 'servers':
        return v.map(server);
      case 'windows':
        return v.map((w: object) =>
          ordered(w, WINDOW_KEYS, (k, x) => (k === 'requests' ? byTarget(x as object) : undefined)),
        );
      case 'events':
        return v.map((e: object) =>
          ordered(e, EVENT_KEYS, (k, x) => (k === 'movedTo' ? byTarget(x as object) : undefined)),
        );
      default:
        return undefined;
    }
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
