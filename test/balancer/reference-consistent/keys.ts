/**
 * The key stream of the consistent/random picker tests: murmur3's fmix32 of an index, written out
 * here so the tests do not lean on the code under test.
 */

/** murmur3 fmix32 of `i`, an unsigned 32-bit key. */
export function keyOf(i: number): number {
  let h = i | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
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
