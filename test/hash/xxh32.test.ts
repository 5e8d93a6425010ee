import fc from 'fast-check';
import xxhash, { type XXHashAPI } from 'xxhash-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { xxh32, xxh32Bytes } from '../../src/hash/xxh32.js';

let wasm: XXHashAPI;
beforeAll(async () => {
  wasm = await xxhash();
});

/** Any UTF-16 code unit, lone surrogates included (TextEncoder turns those into U+FFFD). */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** Mostly ASCII with Latin-1 letters: code units below 0x100 but above 0x7f, a classic slip. */
const latin1Unit = fc
  .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }))
  .map((c) => String.fromCharCode(c));

/** Strings of every kind a key can be, with lengths across the 4- and 16-byte boundaries. */
const anyString = fc.oneof(
  fc.string({ unit: latin1Unit, maxLength: 60 }),
  fc.string({ unit: 'binary-ascii', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: codeUnit, maxLength: 60 }),
  fc
    .tuple(fc.string({ unit: 'grapheme-ascii', maxLength: 40 }), fc.string({ unit: 'binary' }))
    .map(([ascii, rest]) => ascii + rest),
);

const seed = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffffffff }));

describe('xxh32', () => {
  it('gives the published xxHash32 values', () => {
    expect(xxh32('')).toBe(0x02cc5d05);
    expect(xxh32('a')).toBe(0x550d7456);
    expect(xxh32('abc')).toBe(0x32d153ff);
    expect(xxh32('Nobody inspects the spammish repetition')).toBe(0xe2293b2f);
  });

  it('agrees with the published values through xxhash-wasm too (the oracle below)', () => {
    for (const s of ['', 'a', 'abc', 'Nobody inspects the spammish repetition']) {
      expect(wasm.h32(s)).toBe(xxh32(s));
    }
  });

  it('equals xxhash-wasm h32 for every length 0..100 (each tail and stripe shape)', () => {
    let ascii = '';
    let mixed = '';
    for (let len = 0; len <= 100; len++) {
      expect(xxh32(ascii)).toBe(wasm.h32(ascii));
      expect(xxh32(mixed, 7)).toBe(wasm.h32(mixed, 7));
      ascii += String.fromCharCode(33 + ((len * 37) % 94));
      mixed += len % 5 === 0 ? 'é' : len % 7 === 0 ? '😀' : 'k';
    }
  });

  it('equals xxhash-wasm h32 for all strings and seeds, non-ASCII and lone surrogates included', () => {
    fc.assert(
      fc.property(anyString, seed, (s, sd) => {
        expect(xxh32(s, sd)).toBe(wasm.h32(s, sd));
      }),
      { seed: 42, numRuns: 3000 },
    );
  });

  it('stays right when a long non-ASCII key is followed by short ones (scratch buffer reuse)', () => {
    const long = 'ü'.repeat(5000);
    expect(xxh32(long)).toBe(wasm.h32(long));
    expect(xxh32('ß')).toBe(wasm.h32('ß'));
    expect(xxh32('ab€')).toBe(wasm.h32('ab€'));
  });

  it('rejects a seed that is not a uint32', () => {
    expect(() => xxh32('a', -1)).toThrow(RangeError);
    expect(() => xxh32('a', 1.5)).toThrow(
      /xxh32: seed must be an integer in 0..4294967295, got 1.5/,
    );
    expect(() => xxh32Bytes(new Uint8Array(1), 2 ** 32)).toThrow(RangeError);
  });
});

describe('xxh32Bytes', () => {
  it('equals xxhash-wasm h32Raw for all byte arrays and seeds', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 90 }), seed, (bytes, sd) => {
        expect(xxh32Bytes(bytes, sd)).toBe(wasm.h32Raw(bytes, sd));
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  it('hashes the UTF-8 bytes of a string to the string hash', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 50 }), (s) => {
        expect(xxh32Bytes(new TextEncoder().encode(s))).toBe(xxh32(s));
      }),
      { seed: 42, numRuns: 500 },
    );
  });
});
