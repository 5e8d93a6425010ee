/**
 * HAProxy's key hashes, as `hash-type <map-based|consistent> [<function> [avalanche]]` selects
 * them (HAProxy 2.6, src/hash.c, include/haproxy/intops.h, src/backend.c):
 * - `sdbm` (the default), `djb2`, `wt6` and `crc32` over the key's bytes;
 * - the `avalanche` modifier: Bob Jenkins' 6-shift integer hash followed by a multiplication by
 *   3221225473 (HAProxy's `full_hash`), also what places consistent-hashing nodes;
 * - `balance source`: no string hash at all — the address's 32-bit big-endian words XORed together
 *   (IPv4: the address as an integer), then the modifier if configured.
 * `hash-type consistent` with no function means sdbm + avalanche; `map-based` means plain sdbm.
 *
 * Strings are hashed as their UTF-8 bytes, encoded into one reusable buffer; addresses are parsed
 * by a single scan without allocating. O(length) per key. Pure functions: same input, same output.
 */
import { crc32 } from '../../hash/crc32.js';

/** The hash functions `hash-type` accepts. */
export type HaproxyHashFunction = 'sdbm' | 'djb2' | 'wt6' | 'crc32';

/** The functions, in the order HAProxy's documentation lists them. */
export const HAPROXY_HASH_FUNCTIONS: readonly HaproxyHashFunction[] = [
  'sdbm',
  'djb2',
  'wt6',
  'crc32',
];

/** A resolved `hash-type` line: the function and whether the avalanche modifier applies. */
export interface HaproxyHashType {
  readonly hashFunction: HaproxyHashFunction;
  readonly avalanche: boolean;
}

/** Options choosing the hash, as on `hash-type <kind> [<function> [avalanche]]`. */
export interface HaproxyHashOptions {
  /**
   * The string hash of `balance hdr(...)` keys (`balance source` does not use it).
   * @defaultValue `'sdbm'`
   */
  readonly hashFunction?: HaproxyHashFunction;
  /**
   * Apply the avalanche modifier (`full_hash`) to the key's hash.
   * @defaultValue `true` for `hash-type consistent` without a function, else `false`
   */
  readonly avalanche?: boolean;
}

/** Resolves options as HAProxy's `hash-type` parser does; throws a TypeError naming `module`. */
export function resolveHashType(
  module: string,
  consistent: boolean,
  options: HaproxyHashOptions | undefined,
): HaproxyHashType {
  const fn = options?.hashFunction;
  if (fn !== undefined && !HAPROXY_HASH_FUNCTIONS.includes(fn)) {
    throw new TypeError(
      `${module}: hashFunction must be one of ${HAPROXY_HASH_FUNCTIONS.join(', ')}, got ${JSON.stringify(fn)}`,
    );
  }
  const aval = options?.avalanche;
  if (aval !== undefined && typeof aval !== 'boolean') {
    throw new TypeError(`${module}: avalanche must be a boolean, got ${JSON.stringify(aval)}`);
  }
  return {
    hashFunction: fn ?? 'sdbm',
    avalanche: aval ?? (consistent && fn === undefined),
  };
}

/** HAProxy's `full_hash`: Bob Jenkins' 32-bit full-avalanche hash times 3221225473. */
export function fullHash(input: number): number {
  let a = input >>> 0;
  a = (a + 0x7ed55d16 + (a << 12)) >>> 0;
  a = (a ^ 0xc761c23c ^ (a >>> 19)) >>> 0;
  a = (a + 0x165667b1 + (a << 5)) >>> 0;
  a = ((a + 0xd3a2646c) ^ (a << 9)) >>> 0;
  a = (a + 0xfd7046c5 + (a << 3)) >>> 0;
  a = (a ^ 0xb55a4f09 ^ (a >>> 16)) >>> 0;
  return Math.imul(a, 3221225473) >>> 0;
}

/** sdbm over bytes: `h = c + (h << 6) + (h << 16) - h`. */
export function sdbm(bytes: Uint8Array, length = bytes.length): number {
  let h = 0;
  for (let i = 0; i < length; i++) h = (bytes[i]! + (h << 6) + (h << 16) - h) | 0;
  return h >>> 0;
}

/** djb2 over bytes: `h = h * 33 + c`, starting at 5381. */
export function djb2(bytes: Uint8Array, length = bytes.length): number {
  let h = 5381;
  for (let i = 0; i < length; i++) h = (Math.imul(h, 33) + bytes[i]!) | 0;
  return h >>> 0;
}

/** Willy Tarreau's wt6 over bytes: two lanes with data-dependent rotations. */
export function wt6(bytes: Uint8Array, length = bytes.length): number {
  let h0 = 0xa53c965a;
  let h1 = 0x5ca6953a;
  let step0 = 6;
  let step1 = 18;
  for (let i = 0; i < length; i++) {
    const c = bytes[i]!;
    h0 = ~(h0 ^ c);
    h1 = ~(h1 + c);
    // A rotation by 0 is the identity (C's `x >> 32` is undefined; JS masks it to `x >> 0`, and
    // `x << 0 | x >>> 0` is x as well).
    const t = (h1 << step0) | (h1 >>> ((32 - step0) & 31));
    h1 = (h0 << step1) | (h0 >>> ((32 - step1) & 31));
    h0 = t;
    const m = ((h0 >>> 16) ^ h1) & 0xffff;
    step0 = m & 0x1f;
    step1 = m >>> 11;
  }
  return (h0 ^ h1) >>> 0;
}

/** CRC-32 (IEEE), HAProxy's `hash_crc32`. */
export function crc32Hash(bytes: Uint8Array, length = bytes.length): number {
  return crc32(length === bytes.length ? bytes : bytes.subarray(0, length));
}

const FUNCTIONS: Record<HaproxyHashFunction, (bytes: Uint8Array, length: number) => number> = {
  sdbm,
  djb2,
  wt6,
  crc32: crc32Hash,
};

const encoder = new TextEncoder();
let scratch = new Uint8Array(1024);

/** The UTF-8 bytes of `key` in a shared scratch buffer; returns their count. */
function encodeKey(key: string): number {
  for (;;) {
    const { read, written } = encoder.encodeInto(key, scratch);
    if (read === key.length) return written;
    scratch = new Uint8Array(scratch.length * 2);
  }
}

/** The hash of a string key (`balance hdr(...)`): the function, then avalanche if configured. */
export function hashKeyString(key: string, type: HaproxyHashType): number {
  const n = encodeKey(key);
  const h = FUNCTIONS[type.hashFunction](scratch, n);
  return type.avalanche ? fullHash(h) : h;
}

/**
 * The hash `balance source` gives an address of `length` bytes (4 or 16) held in `bytes`: its
 * big-endian 32-bit words XORed, then avalanche if configured.
 */
export function hashSourceBytes(bytes: Uint8Array, length: number, avalanche: boolean): number {
  let h = 0;
  for (let i = 0; i + 4 <= length; i += 4) {
    h ^= (bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!;
  }
  h >>>= 0;
  return avalanche ? fullHash(h) : h;
}

const addressBytes = new Uint8Array(16);
const groups = new Uint16Array(8);

/**
 * Reads an IPv4 (dotted quad) or IPv6 literal into the shared 16-byte buffer; returns its byte
 * count (4 or 16), or 0 when `text` is not an address (as inet_pton would refuse it). Scans the
 * characters once, without allocating.
 */
function parseAddress(text: string): number {
  if (parseIpv4At(text, 0, text.length, addressBytes, 0)) return 4;
  if (text.includes(':') && parseIpv6Into(text)) return 16;
  return 0;
}

/** Dotted quad in `text[start, end)` into `out[at..at+3]`; no leading zeros, parts 0..255. */
function parseIpv4At(
  text: string,
  start: number,
  end: number,
  out: Uint8Array,
  at: number,
): boolean {
  const n = end - start;
  if (n < 7 || n > 15) return false;
  let part = 0;
  let digits = 0;
  let value = 0;
  for (let i = start; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || part > 3) return false;
      out[at + part++] = value;
      digits = 0;
      value = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && value === 0) return false; // inet_pton rejects leading zeros
      value = value * 10 + (c - 48);
      if (value > 255) return false;
      digits++;
    } else {
      return false;
    }
  }
  return part === 4;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** RFC 4291 text (`::` once, optional dotted-quad tail) into `addressBytes`. */
function parseIpv6Into(text: string): boolean {
  const n = text.length;
  if (n < 2 || n > 45) return false;
  let g = 0;
  let gap = -1;
  let i = 0;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return false;
    gap = 0;
    i = 2;
  }
  while (i < n) {
    const start = i;
    let value = 0;
    let digits = 0;
    for (let h = hexValue(text.charCodeAt(i)); i < n && h >= 0; h = hexValue(text.charCodeAt(i))) {
      if (++digits > 4) return false;
      value = value * 16 + h;
      i++;
    }
    if (i < n && text.charCodeAt(i) === 46) {
      if (g > 6 || !parseIpv4At(text, start, n, addressBytes, 0)) return false;
      groups[g++] = (addressBytes[0]! << 8) | addressBytes[1]!;
      groups[g++] = (addressBytes[2]! << 8) | addressBytes[3]!;
      break;
    }
    if (digits === 0 || g >= 8) return false;
    groups[g++] = value;
    if (i === n) break;
    if (text.charCodeAt(i) !== 58) return false;
    i++;
    if (i === n) return false;
    if (text.charCodeAt(i) === 58) {
      if (gap >= 0) return false;
      gap = g;
      i++;
    }
  }
  if (gap < 0 ? g !== 8 : g > 7) return false;
  const tail = gap < 0 ? 0 : g - gap;
  for (let k = 0; k < 8; k++) {
    let v = 0;
    if (gap < 0 || k < gap) v = groups[k]!;
    else if (k >= 8 - tail) v = groups[gap + k - (8 - tail)]!;
    addressBytes[2 * k] = v >>> 8;
    addressBytes[2 * k + 1] = v & 0xff;
  }
  return true;
}

/**
 * The hash HAProxy computes for a raw key: an IPv4/IPv6 literal as `balance source` hashes the
 * client address, anything else as `balance hdr(...)` hashes the header value.
 */
export function haproxyKeyHash(key: string, type: HaproxyHashType): number {
  const n = parseAddress(key);
  return n > 0 ? hashSourceBytes(addressBytes, n, type.avalanche) : hashKeyString(key, type);
}
