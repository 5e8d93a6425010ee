/**
 * UTF-8 chunks written in place: every string, number and repeated text comes out as the
 * platform's own encoder and `String` make it, whatever the chunk boundaries.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ByteChunks,
  CHUNK_BYTES,
  NUMBER_BYTES,
  Texts,
  writeNumber,
} from '../../src/report/byte-chunks.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Every chunk handed out, then what is left, as one byte array. */
function joined(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Any number a report might hold, and the awkward ones. */
const anyNumber = fc.oneof(
  fc.nat(),
  fc.integer({ min: 0, max: 0xffffffff }),
  fc.constantFrom(0, -0, 9, 10, 99, 100, 0xffffffff, 2 ** 32, -1, 0.5, 1e21, 1e-7),
  // The longest: a negative number printed with 5 zeros after the point and 17 digits.
  fc.constantFrom(-0.0000015782125514386052, -1.2345678901234566e-7, -1.2345678901234567e308),
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, -Number.MAX_VALUE, Number.MIN_VALUE),
);

describe('writeNumber', () => {
  it('writes what String writes, within NUMBER_BYTES', () => {
    fc.assert(
      fc.property(anyNumber, (v) => {
        const bytes = new Uint8Array(NUMBER_BYTES + 2);
        const end = writeNumber(bytes, 1, v);
        expect(decoder.decode(bytes.subarray(1, end))).toBe(String(v));
        expect(end - 1).toBeLessThanOrEqual(NUMBER_BYTES);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('ByteChunks', () => {
  it('hands out the UTF-8 of what was written, in order, in chunks of about CHUNK_BYTES', () => {
    const piece = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), anyNumber);
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 40 }),
        fc.integer({ min: 1, max: 5000 }),
        (pieces, times) => {
          const out = new ByteChunks();
          const chunks: Uint8Array[] = [];
          let expected = '';
          for (let t = 0; t < times; t++) {
            for (const p of pieces) {
              if (typeof p === 'number') out.number(p);
              else out.text(p);
              expected += String(p);
            }
            if (out.full) chunks.push(out.take());
          }
          chunks.push(out.take());
          // Compared as buffers: a deep equality over 10^5 elements would take seconds.
          expect(Buffer.from(joined(chunks)).equals(encoder.encode(expected))).toBe(true);
          for (const chunk of chunks.slice(0, -1))
            expect(chunk.length).toBeGreaterThanOrEqual(CHUNK_BYTES);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('grows for a text longer than a chunk, and keeps what it had', () => {
    const out = new ByteChunks();
    out.text('é');
    const long = 'ü'.repeat(3 * CHUNK_BYTES);
    out.text(long);
    expect(decoder.decode(out.take())).toBe(`é${long}`);
    expect(out.take()).toHaveLength(0);
  });

  it('gives each chunk its own bytes: later writes do not change one handed out', () => {
    const out = new ByteChunks();
    out.text('first');
    const first = out.take();
    out.text('other');
    expect(decoder.decode(first)).toBe('first');
  });
});

describe('Texts', () => {
  it('copies each text as the encoder writes it, at any offset', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), {
          minLength: 1,
          maxLength: 20,
        }),
        fc.nat({ max: 7 }),
        (texts, offset) => {
          const set = new Texts(texts);
          const encoded = texts.map((t) => encoder.encode(t));
          expect(set.total).toBe(encoded.reduce((n, e) => n + e.length, 0));
          expect(set.longest).toBe(Math.max(...encoded.map((e) => e.length)));
          const bytes = new Uint8Array(offset + set.longest + 8).fill(0xee);
          const view = new DataView(bytes.buffer);
          texts.forEach((_, k) => {
            const end = set.copy(k, view, bytes, offset);
            expect(bytes.subarray(offset, end)).toEqual(encoded[k]);
          });
          expect(bytes.subarray(0, offset).every((b) => b === 0xee)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
