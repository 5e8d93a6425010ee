/**
 * The JSON text of report windows held as columns (`window-columns.ts`): `windows` and
 * `pools[].windows`, written from the counters straight into UTF-8 chunks (`byte-chunks.ts`),
 * byte for byte as `render-json.ts` writes the same windows as objects (same indentation, keys
 * `fromSec, toSec, requests[, failed, unserved]`, `requests` keyed in {@link keyOrder}).
 *
 * Cost: O(windows × ids) bytes, nothing per counter but its bytes (a target's key is encoded once
 * per list); the bounds are formatted once per report and shared by every pool. Deterministic.
 */
import { type ByteChunks, NUMBER_BYTES, Texts, writeNumber } from './byte-chunks.js';
import type { PoolWindowColumns, WindowBounds, WindowColumns } from './window-columns.js';

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
  readonly #heads = new Map<WindowBounds, Map<string, Texts>>();

  /** Window openings at `indent`; `path` names the list in the error a non-finite bound raises. */
  heads(bounds: WindowBounds, indent: string, path: string): Texts {
    let byIndent = this.#heads.get(bounds);
    if (byIndent === undefined) this.#heads.set(bounds, (byIndent = new Map<string, Texts>()));
    let heads = byIndent.get(indent);
    if (heads === undefined) {
      const i1 = `${indent}  `;
      const i2 = `${i1}  `;
      const { fromSec, toSec } = bounds;
      const texts = Array.from(fromSec, (from, w) => {
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
      heads = new Texts(texts);
      byIndent.set(indent, heads);
    }
    return heads;
  }
}

/**
 * Writes a windows list at `indent` (the indent of the key that holds it) into `out`, handing out
 * each chunk as it fills; a pool's columns add `failed` and `unserved`. `ids` ranks the target ids
 * of `requests`.
 */
export function* windowsBytes(
  columns: WindowColumns | PoolWindowColumns,
  ids: ReadonlyMap<string, number>,
  bounds: BoundsText,
  indent: string,
  path: string,
  out: ByteChunks,
): Generator<Uint8Array, void, undefined> {
  const count = columns.bounds.fromSec.length;
  if (count === 0) {
    out.text('[]');
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
  const keys = new Texts(
    order.map((i, j) => `${j === 0 ? '' : ',\n'}${i3}${JSON.stringify(columns.ids[i])}: `),
  );
  const requestsClose = counts.length === 0 ? '' : `\n${i2}}`;
  const pool = 'failed' in columns ? columns : null;
  const close = `\n${i1}}`;
  // What every window writes besides its opening and its counters' keys, in order.
  const [OPEN, FAILED, UNSERVED, END] = [0, 1, 2, 3];
  const pieces = new Texts([
    counts.length === 0 ? '{}' : '{\n',
    `${requestsClose},\n${i2}"failed": `,
    `,\n${i2}"unserved": `,
    pool === null ? requestsClose + close : close,
  ]);
  // The most bytes a window takes (a number takes at most NUMBER_BYTES).
  const windowRoom = heads.longest + pieces.total + keys.total + (counts.length + 2) * NUMBER_BYTES;
  out.text('[\n');
  for (let w = 0; w < count; w++) {
    out.room(windowRoom);
    const { bytes, view } = out;
    let at = heads.copy(w, view, bytes, out.at);
    at = pieces.copy(OPEN, view, bytes, at);
    for (let j = 0; j < counts.length; j++) {
      at = keys.copy(j, view, bytes, at);
      at = writeNumber(bytes, at, counts[j]![w]!);
    }
    if (pool !== null) {
      at = pieces.copy(FAILED, view, bytes, at);
      at = writeNumber(bytes, at, pool.failed[w]!);
      at = pieces.copy(UNSERVED, view, bytes, at);
      at = writeNumber(bytes, at, pool.unserved[w]!);
    }
    out.at = pieces.copy(END, view, bytes, at);
    if (out.full) yield out.take();
  }
  out.text(`\n${indent}]`);
}
