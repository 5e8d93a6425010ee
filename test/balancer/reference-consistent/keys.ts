/**
 * The key stream of the picker tests: murmur3's fmix32 of an index (`mix32`, itself tested
 * against a BigInt reference in test/hash), i.e. the hashes of clients 0, 1, 2, ...
 */
import { mix32 } from '../../../src/hash/mix32.js';

/** The hash of key `i`, an unsigned 32-bit integer. */
export function keyOf(i: number): number {
  return mix32(i);
}

/** `count` keys `keyOf(start) ... keyOf(start + count - 1)`. */
export function keys(count: number, start = 0): Uint32Array {
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = keyOf(start + i);
  return out;
}

/** `n` targets `t0..t{n-1}` of one weight. */
export function equalTargets(n: number, weight = 10): { id: string; weight: number }[] {
  return Array.from({ length: n }, (_, i) => ({ id: `t${i}`, weight }));
}
