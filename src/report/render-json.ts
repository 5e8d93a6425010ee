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
 * The text comes in chunks of UTF-8 ({@link renderJsonBytes}): each list of the report is converted
 * and written item by item, and windows kept as columns (`window-columns.ts`) are written from
 * their counters (`json-windows.ts`) without building their objects, so the whole text is never
 * held at once. {@link renderJsonChunks} decodes the chunks, {@link renderJson} joins them.
 *
 * Cost: O(size of the report · log of the largest object's key count); memory O(largest item +
 * chunk) beside the report.
 */
import { ByteChunks } from './byte-chunks.js';
import { BoundsText, keyOrder, windowsBytes } from './json-windows.js';
import { roundShare } from './shares.js';
import type { Report } from './types.js';
import { targetIds } from './view-model.js';
import { poolWindowColumns, reportWindowColumns } from './window-columns.js';

/**
 * The report as deterministic, 2-space indented JSON with a trailing newline (see the module notes
 * for key order and rounding).
 * @throws RangeError when a number is NaN or infinite, naming its JSON path.
 */
export function renderJson(report: Report): string {
  return [...renderJsonChunks(report)].join('');
}

/**
 * The text of {@link renderJson} in chunks of about 64 KiB of UTF-8, each ending between two
 * characters, for writing to a stream or a file as they come: a report of millions of window
 * counters is never held whole.
 * @throws RangeError when a number is NaN or infinite, naming its JSON path (possibly after some
 * chunks have been handed out).
 */
export function* renderJsonBytes(report: Report): Generator<Uint8Array, void, undefined> {
  const out = new ByteChunks();
  yield* stream(toNode(report), '', '$', out);
  out.text('\n');
  yield out.take();
}

/**
 * The text of {@link renderJson} in chunks of at most about 64 K characters (the chunks of
 * {@link renderJsonBytes}, decoded).
 * @throws RangeError as {@link renderJsonBytes} does.
 */
export function* renderJsonChunks(report: Report): Generator<string, void, undefined> {
  const decoder = new TextDecoder();
  for (const chunk of renderJsonBytes(report)) yield decoder.decode(chunk, { stream: true });
}

/** A value written piece by piece: a list of the report, or windows from their columns. */
class Streamed {
  constructor(
    readonly pieces: (
      indent: string,
      path: string,
      out: ByteChunks,
    ) => Generator<Uint8Array, void, undefined>,
  ) {}
}

/**
 * A JSON value whose objects carry their key order (a Map keeps insertion order for any key); a
 * {@link Streamed} value is written when its turn comes.
 */
type Node = string | number | boolean | null | Node[] | Map<string, Node> | Streamed;

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
  const bounds = new BoundsText();
  const byTarget = (record: unknown): Node => ordered(record as object, ids, null);
  /** Objects keyed `known`, whose keys in `targets` hold records keyed by target id. */
  const keyed =
    (known: ReadonlyMap<string, number>, targets: readonly string[] = []): Convert =>
    (item) =>
      ordered(item, known, (k, x) => (targets.includes(k) ? byTarget(x) : undefined));
  const list = (v: unknown, convert: Convert): Node | undefined =>
    Array.isArray(v) ? v.map((item: object) => convert(item)) : undefined;
  const columnsText = (columns: Parameters<typeof windowsBytes>[0] | undefined): Streamed | null =>
    columns === undefined
      ? null
      : new Streamed((indent, path, out) => windowsBytes(columns, ids, bounds, indent, path, out));
  const server: Convert = (value) =>
    ordered(value, SERVER_KEYS, (key, v) => {
      if (key === 'health') return list(v, keyed(HEALTH_KEYS));
      if (key === 'weights') return list(v, keyed(WEIGHT_KEYS));
      return SHARE_KEYS.has(key) && typeof v === 'number' ? roundShare(v) : undefined;
    });
  const pool: Convert = (value) =>
    ordered(
      value,
      POOL_KEYS,
      (key, v) => {
        if (key === 'expected') return list(v, keyed(STEP_KEYS, ['shares']));
        if (key === 'windows') return list(v, keyed(POOL_WINDOW_KEYS, ['requests']));
        return undefined;
      },
      (key) => (key === 'windows' ? columnsText(poolWindowColumns(value)) : null),
    );
  const sections: Readonly<Record<string, Convert>> = {
    servers: server,
    windows: keyed(WINDOW_KEYS, ['requests']),
    events: keyed(EVENT_KEYS, ['movedTo']),
    unservedBy: keyed(UNSERVED_KEYS),
    failOpen: keyed(FAIL_OPEN_KEYS),
    mix: keyed(MIX_KEYS),
    pools: pool,
  };
  return ordered(
    report,
    REPORT_KEYS,
    (key, v) => {
      const convert = sections[key];
      return convert === undefined ? undefined : streamedList(v, convert);
    },
    (key) => (key === 'windows' ? columnsText(reportWindowColumns(report)) : null),
  );
}

/** A list written item by item, each item converted when its turn comes. */
function streamedList(v: unknown, convert: Convert): Streamed | undefined {
  if (!Array.isArray(v)) return undefined;
  const items = v as readonly object[];
  return new Streamed(function* (indent, path, out) {
    if (items.length === 0) {
      out.text('[]');
      return;
    }
    const inner = `${indent}  `;
    for (let i = 0; i < items.length; i++) {
      out.text(`${i === 0 ? '[\n' : ',\n'}${inner}`);
      yield* stream(convert(items[i]!), inner, `${path}[${i}]`, out);
    }
    out.text(`\n${indent}]`);
  });
}

/**
 * An object's keys ranked by `known` (those present), then its other keys in code-unit order.
 * `special` may convert a known key's value itself; `undefined` from it means "convert
 * generically". `unread` may give a key's node without reading its value (windows kept as
 * columns), or null. O(k log k) in the object's own keys, whatever the size of `known`.
 */
function ordered(
  value: object,
  known: ReadonlyMap<string, number>,
  special: ((key: string, v: unknown) => Node | undefined) | null,
  unread: (key: string) => Node | null = () => null,
): Map<string, Node> {
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort(keyOrder(known));
  const out = new Map<string, Node>();
  for (const key of keys) {
    const early = unread(key);
    if (early !== null) {
      out.set(key, early);
      continue;
    }
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

/**
 * Writes `node`'s text into `out`, handing out each chunk as it fills: whole, or entry by entry for
 * an object holding a streamed value.
 */
function* stream(
  node: Node,
  indent: string,
  path: string,
  out: ByteChunks,
): Generator<Uint8Array, void, undefined> {
  if (node instanceof Streamed) {
    yield* node.pieces(indent, path, out);
    return;
  }
  if (!(node instanceof Map) || ![...node.values()].some((v) => v instanceof Streamed)) {
    out.text(write(node, indent, path));
    if (out.full) yield out.take();
    return;
  }
  const inner = `${indent}  `;
  let first = true;
  for (const [key, v] of node) {
    out.text(`${first ? '{\n' : ',\n'}${inner}${JSON.stringify(key)}: `);
    first = false;
    yield* stream(v, inner, `${path}.${key}`, out);
  }
  out.text(`\n${indent}}`);
}

function write(node: Node, indent: string, path: string): string {
  if (node instanceof Streamed) {
    // Only reached for a streamed value below an item that is not streamed itself: held whole.
    const out = new ByteChunks();
    const chunks = [...node.pieces(indent, path, out), out.take()];
    const decoder = new TextDecoder();
    return chunks.map((chunk) => decoder.decode(chunk, { stream: true })).join('');
  }
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
