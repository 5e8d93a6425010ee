import fc from 'fast-check';
import xxhash from 'xxhash-wasm';
import { describe, expect, it } from 'vitest';
import {
  WASM_MIN_KEY_LENGTH,
  hashString,
  initHashing,
  isHashingReady,
} from '../../src/hash/string-hash.js';
import { xxh32 } from '../../src/hash/xxh32.js';

// Keys on both sides of the JS/WebAssembly threshold, ASCII and not.
const key = fc.oneof(
  fc.string({ maxLength: WASM_MIN_KEY_LENGTH - 1 }),
  fc.string({ minLength: WASM_MIN_KEY_LENGTH - 4, maxLength: WASM_MIN_KEY_LENGTH + 40 }),
  fc.string({ unit: 'binary', minLength: WASM_MIN_KEY_LENGTH - 4, maxLength: 200 }),
);

// Test order matters in this file: the first test runs before initHashing.
describe('hashString', () => {
  it('hashes every key, long ones included, before initHashing (pure-JS fallback)', () => {
    expect(isHashingReady()).toBe(false);
    const long = 'k'.repeat(WASM_MIN_KEY_LENGTH * 3);
    expect(hashString(long)).toBe(xxh32(long));
    expect(hashString('client-000042')).toBe(xxh32('client-000042'));
  });

  it('loads WebAssembly once: initHashing is idempotent', async () => {
    const first = initHashing();
    expect(initHashing()).toBe(first);
    await first;
    await initHashing();
    expect(isHashingReady()).toBe(true);
  });

  it('gives xxhash-wasm h32 values on both routes, for all keys', async () => {
    await initHashing();
    const wasm = await xxhash();
    fc.assert(
      fc.property(key, (k) => {
        const h = hashString(k);
        expect(h).toBe(wasm.h32(k));
        expect(h).toBe(xxh32(k));
      }),
      { seed: 42, numRuns: 1500 },
    );
  });

  it('routes at a threshold between the short-key and long-key regimes', () => {
    expect(Number.isInteger(WASM_MIN_KEY_LENGTH)).toBe(true);
    expect(WASM_MIN_KEY_LENGTH).toBeGreaterThan(16);
  });
});
