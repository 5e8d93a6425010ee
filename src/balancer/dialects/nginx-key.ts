/**
 * Request keys as nginx's balancers read them: the bytes of a `hash $key` value (UTF-8, as on the
 * wire), the decimal text of a rehash counter, and the address bytes `ip_hash` folds (the first
 * three octets of IPv4, all 16 bytes of IPv6). A reusable buffer, so the hot path never allocates
 * for keys up to the buffer's size (it grows, once, for longer keys).
 *
 * CRC-32 is the project's (`src/hash/crc32.ts`); its byte table is derived from `crc32Update` so
 * the polynomial has one home. O(key length) per key. Deterministic.
 */
import { crc32Update } from '../../hash/crc32.js';

const TABLE = (() => {
  const table = new Uint32Array(256);
  const one = new Uint8Array(1);
  for (let n = 0; n < 256; n++) {
    one[0] = n;
    // From a zero register, one step of the CRC leaves exactly the table entry of the byte.
    table[n] = crc32Update(0, one);
  }
  return table;
})();

/** CRC-32 register before any byte (`ngx_crc32_init`). */
export const CRC_INIT = 0xffffffff;

/** Continues a CRC over `bytes[0..length)` without making a view. */
export function crcBytes(crc: number, bytes: Uint8Array, length: number): number {
  let c = crc;
  for (let i = 0; i < length; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return c >>> 0;
}

/** Continues a CRC over the decimal text of a non-negative integer (nginx's `"%ui"`). */
export function crcDecimal(crc: number, value: number): number {
  let div = 1;
  while (div * 10 <= value) div *= 10;
  let c = crc;
  let rest = value;
  for (; div >= 1; div /= 10) {
    const digit = Math.floor(rest / div);
    rest -= digit * div;
    c = TABLE[(c ^ (0x30 + digit)) & 0xff]! ^ (c >>> 8);
  }
  return c >>> 0;
}

/** Ends a CRC (`ngx_crc32_final`), unsigned. */
export function crcFinal(crc: number): number {
  return (crc ^ 0xffffffff) >>> 0;
}

const encoder = new TextEncoder();

/** A key's bytes, kept for the tries of one request. */
export class KeyBuffer {
  /** The bytes; valid in `[0, length)`. */
  bytes = new Uint8Array(256);
  /** Number of valid bytes. */
  length = 0;

  /** Loads the UTF-8 bytes of `text` (ASCII without allocating). */
  setText(text: string): void {
    const n = text.length;
    if (n * 3 > this.bytes.length) this.bytes = new Uint8Array(n * 3);
    const bytes = this.bytes;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) {
        this.length = encoder.encodeInto(text, bytes).written;
        return;
      }
      bytes[i] = c;
    }
    this.length = n;
  }

  /** Loads the dotted-quad text of an IPv4 address given as an unsigned 32-bit number. */
  setIpv4(address: number): void {
    const bytes = this.bytes;
    let at = 0;
    for (let shift = 24; shift >= 0; shift -= 8) {
      const octet = (address >>> shift) & 0xff;
      if (octet >= 100) bytes[at++] = 0x30 + Math.floor(octet / 100);
      if (octet >= 10) bytes[at++] = 0x30 + (Math.floor(octet / 10) % 10);
      bytes[at++] = 0x30 + (octet % 10);
      if (shift > 0) bytes[at++] = 0x2e;
    }
    this.length = at;
  }

  /** CRC-32 of the whole key. */
  crc(): number {
    return crcFinal(crcBytes(CRC_INIT, this.bytes, this.length));
  }
}

/**
 * Loads into `out` the address bytes `ip_hash` folds for a client address in text: 3 bytes for
 * IPv4 (`a.b.c.d`), 16 for IPv6 (any RFC 4291 text form, with `::` and a trailing dotted quad).
 * Returns the byte count, or 0 when `text` is not an address.
 */
export function parseClientAddress(text: string, out: Uint8Array): number {
  if (text.includes(':')) return parseIpv6(text, out) ? 16 : 0;
  return parseIpv4(text, out, 0) ? 3 : 0;
}

/** Parses dotted-quad IPv4 into out[at..at+4); false when malformed. */
function parseIpv4(text: string, out: Uint8Array, at: number): boolean {
  let octet = 0;
  let digits = 0;
  let index = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || index > 3) return false;
      out[at + index++] = octet;
      octet = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      octet = octet * 10 + (c - 0x30);
      digits++;
      if (octet > 255 || digits > 3) return false;
    } else {
      return false;
    }
  }
  return index === 4;
}

const groups = new Uint16Array(8);
const quad = new Uint8Array(4);

function parseIpv6(text: string, out: Uint8Array): boolean {
  const gap = text.indexOf('::');
  if (gap !== -1 && text.indexOf('::', gap + 1) !== -1) return false;
  const head = gap === -1 ? text : text.slice(0, gap);
  const tail = gap === -1 ? '' : text.slice(gap + 2);
  const headParts = head === '' ? [] : head.split(':');
  const tailParts = tail === '' ? [] : tail.split(':');
  const parts = [...headParts, ...tailParts];
  let words = parts.length;
  const last = parts[parts.length - 1];
  const dotted = last !== undefined && last.includes('.');
  if (dotted) {
    if (!parseIpv4(last, quad, 0)) return false;
    words += 1;
  }
  if (gap === -1 ? words !== 8 : words > 7) return false;
  groups.fill(0);
  const put = (part: string, at: number): boolean => {
    if (!/^[0-9a-fA-F]{1,4}$/.test(part)) return false;
    groups[at] = parseInt(part, 16);
    return true;
  };
  for (let i = 0; i < headParts.length; i++) {
    if (dotted && gap === -1 && i === headParts.length - 1) break;
    if (!put(headParts[i]!, i)) return false;
  }
  const tailWords = tailParts.length + (dotted && gap !== -1 ? 1 : 0);
  const tailStart = 8 - tailWords;
  for (let i = 0; i < tailParts.length; i++) {
    if (dotted && gap !== -1 && i === tailParts.length - 1) break;
    if (!put(tailParts[i]!, tailStart + i)) return false;
  }
  if (dotted) {
    groups[6] = (quad[0]! << 8) | quad[1]!;
    groups[7] = (quad[2]! << 8) | quad[3]!;
  }
  for (let i = 0; i < 8; i++) {
    out[2 * i] = groups[i]! >>> 8;
    out[2 * i + 1] = groups[i]! & 0xff;
  }
  return true;
}
