/**
 * UTF-8 text written straight into byte chunks of about 64 KiB, for a writer that streams a large
 * text (`render-json.ts`, `json-windows.ts`): strings are encoded into the open chunk, numbers are
 * written digit by digit, and texts repeated many times ({@link Texts}) are encoded once and
 * copied 4 bytes at a time. Encoding as it writes takes 0.6–0.7× the time of gathering strings and
 * encoding them on the way out, for the JSON of the largest reports `npm run bench:windows` writes.
 *
 * Cost: O(bytes written), one copy per chunk handed out, nothing per string or number.
 * Deterministic: the bytes are the UTF-8 of the strings and numbers written, in order.
 */

/** Bytes gathered before a chunk is handed out. */
export const CHUNK_BYTES = 1 << 16;

/** The most bytes {@link writeNumber} writes (`-0.0000012345678901234567`: 17 digits). */
export const NUMBER_BYTES = 25;

const encoder = new TextEncoder();

/** An open chunk and where its written bytes end; see the file banner. */
export class ByteChunks {
  /** The open chunk: bytes `0 .. at − 1` are written. */
  bytes = new Uint8Array(2 * CHUNK_BYTES);
  /** The open chunk, for writing 4 bytes at a time. */
  view = new DataView(this.bytes.buffer);
  /** Bytes written to the open chunk. */
  at = 0;

  /** Whether the open chunk is due to be handed out. */
  get full(): boolean {
    return this.at >= CHUNK_BYTES;
  }

  /** Makes room for `n` more bytes in the open chunk, growing it when they do not fit. */
  room(n: number): void {
    if (this.at + n <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(2 * this.bytes.length, this.at + n));
    grown.set(this.bytes.subarray(0, this.at));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  /** Appends `s` in UTF-8. */
  text(s: string): void {
    this.room(3 * s.length); // a UTF-16 code unit is at most 3 bytes of UTF-8
    const bytes = this.bytes;
    let at = this.at;
    // ASCII byte by byte: the pieces are short, and a call to the encoder costs more than them.
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.at = at + encoder.encodeInto(s.slice(i), bytes.subarray(at)).written;
        return;
      }
      bytes[at++] = c;
    }
    this.at = at;
  }

  /** Appends `v` as `String(v)` writes it. */
  number(v: number): void {
    this.room(NUMBER_BYTES);
    this.at = writeNumber(this.bytes, this.at, v);
  }

  /** The bytes written since the last chunk was handed out, as a chunk of their own. */
  take(): Uint8Array {
    const chunk = this.bytes.slice(0, this.at);
    this.at = 0;
    return chunk;
  }
}

/**
 * Writes `v` at `at` as `String(v)` writes it (at most {@link NUMBER_BYTES} bytes) and returns
 * where it ends: digit by digit for an integer in 0 .. 2^32 − 1 (a counter), else its string.
 */
export function writeNumber(bytes: Uint8Array, at: number, v: number): number {
  if (v >>> 0 !== v) {
    const s = String(v); // always ASCII
    for (let i = 0; i < s.length; i++) bytes[at++] = s.charCodeAt(i);
    return at;
  }
  let end = at + 1;
  for (let x = v; x >= 10; x = (x / 10) >>> 0) end++;
  for (let i = end - 1, x = v; i >= at; i--) {
    const q = (x / 10) >>> 0;
    bytes[i] = 48 + x - 10 * q; // '0' + the last digit
    x = q;
  }
  return end;
}

/**
 * Short texts copied many times (window openings, target keys), encoded once into one buffer and
 * copied 4 bytes a store: a quarter of a byte loop's stores, and no call (`set` costs more than
 * a key's few bytes).
 */
export class Texts {
  /** The longest text, in bytes. */
  readonly longest: number;
  /** All the texts, in bytes. */
  readonly total: number;
  /** All the texts' bytes, one after another. */
  readonly #bytes: Uint8Array;
  readonly #view: DataView;
  /** Text k is bytes `ends[k] .. ends[k + 1] − 1`. */
  readonly #ends: Int32Array;

  constructor(texts: Iterable<string>) {
    const out = new ByteChunks();
    const ends = [0];
    let longest = 0;
    for (const text of texts) {
      out.text(text);
      longest = Math.max(longest, out.at - ends[ends.length - 1]!);
      ends.push(out.at);
    }
    this.longest = longest;
    this.total = out.at;
    this.#bytes = out.bytes.slice(0, out.at); // not the chunk's spare room
    this.#view = new DataView(this.#bytes.buffer);
    this.#ends = Int32Array.from(ends);
  }

  /** Writes text `k` at `at` of the chunk seen as `view` and `bytes`; returns where it ends. */
  copy(k: number, view: DataView, bytes: Uint8Array, at: number): number {
    let from = this.#ends[k]!;
    const end = this.#ends[k + 1]!;
    const source = this.#view;
    for (; from + 4 <= end; from += 4, at += 4)
      view.setInt32(at, source.getInt32(from, true), true);
    const tail = this.#bytes;
    while (from < end) bytes[at++] = tail[from++]!;
    return at;
  }
}
