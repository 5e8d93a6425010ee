/**
 * One entry point from any client key to a 32-bit hash, choosing the hash by the key's form:
 * integers through `mix32`, IPv4 and IPv6 text through the address hashes, other text through
 * `hashString`.
 *
 * Complexity: O(length of the key); a cheap character scan decides whether text can be an
 * address before any parser runs, so ordinary string keys never pay for a failed parse.
 * Determinism: a pure function of the key.
 */
import { AddressError, LbsimRangeError, LbsimTypeError } from '../errors.js';

/** Code of the errors `hashKey` throws for a key it cannot hash. */
export const ERR_HASH_KEY = 'ERR_HASH_KEY';
import { hashIpv4, hashIpv6 } from './address-hash.js';
import { mix32 } from './mix32.js';
import { hashString } from './string-hash.js';

/**
 * Hashes a client key to an unsigned 32-bit integer.
 *
 * - a number (an integer in 0..2^32-1, e.g. a client index or an IPv4 address as uint32): `mix32`;
 * - valid IPv4 text: `hashIpv4` (so `'10.0.0.1'` and `0x0a000001` hash alike);
 * - valid IPv6 text: `hashIpv6`;
 * - any other text, including text that merely looks like an address (`'1.2.3.256'`,
 *   `'ins-a:8080'`): `hashString`.
 *
 * @throws RangeError (code `ERR_HASH_KEY`) for a number that is not an integer in 0..2^32-1;
 *   TypeError (code `ERR_HASH_KEY`) for anything that is neither a string nor a number (an
 *   object, a symbol, ...), which would otherwise hash to a constant.
 */
export function hashKey(key: string | number): number {
  if (typeof key === 'number') {
    if (key >>> 0 !== key) {
      throw new LbsimRangeError(
        ERR_HASH_KEY,
        `hashKey: a numeric key must be an integer in 0..4294967295, got ${key}`,
      );
    }
    return mix32(key);
  }
  if (typeof key !== 'string') {
    const got: unknown = key;
    throw new LbsimTypeError(
      ERR_HASH_KEY,
      `hashKey: the key must be a string or a number, got ${got === null ? 'null' : Array.isArray(got) ? 'an array' : typeof got === 'object' ? 'an object' : `a ${typeof got}`}`,
    );
  }
  if (mayBeIpv4(key)) {
    const hash = tryAddress(hashIpv4, key);
    if (hash >= 0) return hash;
  } else if (mayBeIpv6(key)) {
    const hash = tryAddress(hashIpv6, key);
    if (hash >= 0) return hash;
  }
  return hashString(key);
}

/** The address hash of `key`, or -1 when the parser rejects it. */
function tryAddress(hash: (address: string) => number, key: string): number {
  try {
    return hash(key);
  } catch (error) {
    if (error instanceof AddressError) return -1;
    throw error;
  }
}

/** Seven to fifteen characters of digits and exactly three dots. */
function mayBeIpv4(key: string): boolean {
  const len = key.length;
  if (len < 7 || len > 15) return false;
  let dots = 0;
  for (let i = 0; i < len; i++) {
    const c = key.charCodeAt(i);
    if (c === 0x2e) dots++;
    else if (c < 0x30 || c > 0x39) return false;
  }
  return dots === 3;
}

/** Two to 45 characters of hex digits, colons and dots, with at least one colon. */
function mayBeIpv6(key: string): boolean {
  const len = key.length;
  if (len < 2 || len > 45) return false;
  let colons = 0;
  for (let i = 0; i < len; i++) {
    // Folds A-F to a-f; the few control characters it also folds in only cost a failed parse.
    const c = key.charCodeAt(i) | 0x20;
    if (c === 0x3a) colons++;
    else if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || c === 0x2e)) return false;
  }
  return colons > 0;
}
