import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32, crc32Update } from '../../src/hash/crc32.js';

describe('crc32', () => {
  it('gives the published check value and known vectors', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('')).toBe(0);
    expect(crc32('The quick brown fox jumps over the lazy dog')).toBe(0x414fa339);
  });

  it('equals a bitwise reference for all byte strings, and chains like one pass', () => {
    const reference = (bytes: Uint8Array): number => {
      let c = 0xffffffff;
      for (const b of bytes) {
        c ^= b;
        for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      }
      return (c ^ 0xffffffff) >>> 0;
    };
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 64 }), (a, b) => {
        const both = new Uint8Array([...a, ...b]);
        expect(crc32(both)).toBe(reference(both));
        expect((crc32Update(crc32Update(0xffffffff, a), b) ^ 0xffffffff) >>> 0).toBe(crc32(both));
      }),
      { seed: 7 },
    );
  });
});
