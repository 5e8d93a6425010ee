/**
 * The JSON text of report windows held as columns (`window-columns.ts`): `windows` and
 * `pools[].windows`, written straight from the counters, a chunk of about 64 K characters at a
 * time, byte for byte as `render-json.ts` writes the same windows as objects (same indentation,
 * keys `fromSec, toSec, requests[, failed, unserved]`, `requests` keyed in {@link keyOrder}).
 *
 * Cost: O(windows × ids) characters, nothing per window but the text; the bounds are formatted
 * once per report and shared by every pool. Deterministic.
 */
import type { PoolWindowColumns, WindowBounds, WindowColumns } from './window-columns.js';

/** Characters gathered before a piece is handed on. */
export const CHUNK_CHARS = 1 << 16;

/**
 * Orders keys as the writer orders every object's keys: those ranked by `known` by rank, then
 * the others in code-unit order.
 */
export function keyOrder(known: ReadonlyMap<string, number>): (a: string, b: string) => number {
  return (a, b) => {
    const ra = known.get(a);
    const rb = known.get(b);
    if (ra !== undefined && rb !== undefined) return ra - rb;
    if (ra !== undefined) return -1;
    if (rb !== undefined) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  };
}

/**
 * The text of each window's opening up to its `requests` value — separator, indent, `fromSec`,
 * `toSec` — made once per report and indent, and shared by every pool.
 */
export class BoundsText {
  readonly #heads = new Map<WindowBounds, Map<string, string[]>>();

  /** Window openings at `indent`; `path` names the list in the error a non-finite bound raises. */
  heads(bounds: WindowBounds, indent: string, path: string): string[] {
    let byIndent = this.#heads.get(bounds);
    if (byIndent === undefined) this.#heads.set(bounds, (byIndent = new Map<string, string[]>()));
    let heads = byIndent.get(indent);
    if (heads === undefined) {
      const i1 = `${indent}  `;
      const i2 = `${i1}  `;
      const { fromSec, toSec } = bounds;
      heads = Array.from(fromSec, (from, w) => {
        const to = toSec[w]!;
        const bad = !Number.isFinite(from)
          ? ['fromSec', from]
          : !Number.isFinite(to)
            ? ['toSec', to]
            : null;
        if (bad !== null) {
          throw new RangeError(
            `render-json: ${path}[${w}].${bad[0]} must be a finite number, got ${bad[1]}`,
          );
        }
        return `${w === 0 ? '' : ',\n'}${i1}{\n${i2}"fromSec": ${JSON.stringify(from)},\n${i2}"toSec": ${JSON.stringify(to)},\n${i2}"requests": `;
      });
      byIndent.set(indent, heads);
    }
    return heads;
  }
}

/**
 * The pieces of a windows list written at `indent` (the indent of the key that holds it); a
 * pool's columns add `failed` and `unserved`. `ids` ranks the target ids of `requests`.
 */
export function* windowsText(
  columns: WindowColumns | PoolWindowColumns,
  ids: ReadonlyMap<string, number>,
  bounds: BoundsText,
  indent: string,
  path: string,
): Generator<string> {
  const count = columns.bounds.fromSec.length;
  if (count === 0) {
    yield '[]';
    return;
  }
  const heads = bounds.heads(columns.bounds, indent, path);
  const i1 = `${indent}  `;
  const i2 = `${i1}  `;
  const i3 = `${i2}  `;
  const order = columns.ids.map((_, i) => i);
  const compare = keyOrder(ids);
  order.sort((a, b) => compare(columns.ids[a]!, columns.ids[b]!));
  const counts = order.map((i) => columns.counts[i]!);
  const keys = order.map(
    (i, j) => `${j === 0 ? '' : ',\n'}${i3}${JSON.stringify(columns.ids[i])}: `,
  );
  const requestsOpen = counts.length === 0 ? '{}' : '{\n';
  const requestsClose = counts.length === 0 ? '' : `\n${i2}}`;
  const pool = 'failed' in columns ? columns : null;
  const failedKey = `${requestsClose},\n${i2}"failed": `;
  const unservedKey = `,\n${i2}"unserved": `;
  const close = `\n${i1}}`;
  const end = pool === null ? requestsClose + close : close;
  let out = '[\n';
  for (let w = 0; w < count; w++) {
    out += heads[w]! + requestsOpen;
    for (let j = 0; j < counts.length; j++) out += `${keys[j]!}${counts[j]![w]!}`;
    if (pool !== null) out += `${failedKey}${pool.failed[w]!}${unservedKey}${pool.unserved[w]!}`;
    out += end;
    if (out.length >= CHUNK_CHARS) {
      yield out;
      out = '';
    }
  }
  yield `${out}\n${indent}]`;
}
