/**
 * mix32 — murmur3's 32-bit finaliser (`fmix32`) as an integer hash.
 *
 * Reference: Austin Appleby, MurmurHash3 (`fmix32` in MurmurHash3.cpp, public domain).
 * Complexity: O(1), five integer operations, no allocation.
 * Determinism: a pure function of its input; a bijection on 0..2^32-1, so distinct uint32 keys
 * (IPv4 addresses, client indices) never collide. Note `mix32(0) === 0`.
 */

/**
 * Hashes an unsigned 32-bit integer key to a well-mixed unsigned 32-bit integer.
 *
 * The input is read modulo 2^32 (as `x >>> 0` would); callers that need validation do it
 * themselves, because this sits on the hot path.
 *
 * @param x - an integer key, normally in 0..2^32-1
 * @returns an unsigned 32-bit integer
 */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
