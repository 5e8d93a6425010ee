/**
 * Target-identity hashing for the consistent-hashing pickers (Maglev permutations, ring points).
 *
 * Algorithm: MurmurHash3 (x86, 32-bit) style block mixing, one UTF-16 code unit per block, then
 * the murmur3 `fmix32` finaliser over the state xor the length. It runs only at build time (per
 * target, per ring point), so it favours simplicity and stable output over speed; request keys are
 * hashed elsewhere. Not byte-compatible with murmur3 over UTF-8, and does not need to be: all that
 * matters is that the same id (and replica) always gives the same well-mixed 32-bit value.
 *
 * Cost: O(length of the id). Deterministic: a pure function of its arguments, on every platform.
 */

import { mix32 } from '../hash/mix32.js';

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** One murmur3 block step over a 16-bit code unit. */
function mixUnit(h: number, unit: number): number {
  let k = Math.imul(unit, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function mixString(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = mixUnit(h, s.charCodeAt(i));
  return h;
}

/**
 * Hashes a target id to an unsigned 32-bit integer. Different seeds give independent-looking
 * hashes of the same id (Maglev takes its offset and skip from two seeds).
 * @param seed - any 32-bit integer.
 */
export function hashId(id: string, seed: number): number {
  return mix32(mixString(seed | 0, id) ^ id.length);
}

/**
 * Hashes `${id}-${replica}` without building the string: the ring-hash point of a target's
 * `replica`-th virtual node. Equal to `hashId(`${id}-${replica}`, seed)`.
 * @param replica - a non-negative integer below 2^53.
 */
export function hashIdReplica(id: string, replica: number, seed: number): number {
  let h = mixUnit(mixString(seed | 0, id), 0x2d /* '-' */);
  let scale = 1;
  let digits = 1;
  while (scale * 10 <= replica) {
    scale *= 10;
    digits++;
  }
  for (let r = replica; scale >= 1; scale /= 10) {
    const d = Math.floor(r / scale);
    h = mixUnit(h, 0x30 + d);
    r -= d * scale;
  }
  return mix32(h ^ (id.length + 1 + digits));
}
