/**
 * CIDR blocks (RFC 4632 for IPv4, RFC 4291 section 2.3 for IPv6): parsing and IPv4 membership.
 *
 * A block is a base address plus a prefix length. Text without a `/` is a single host (`/32` or
 * `/128`). Host bits set in the base (`10.0.0.1/8`) are accepted and masked off, as cloud consoles
 * do when a rule is saved, so `10.0.0.1/8` is the block `10.0.0.0/8`. Membership is one XOR and
 * one AND on unsigned 32-bit integers: O(1), no allocation, deterministic.
 */
import { AddressError } from '../errors.js';
import { parseIpv4, parseIpv6, formatIpv4 } from './address.js';

/** A parsed CIDR block. IPv4 keeps its base as an unsigned 32-bit integer, IPv6 as 16 bytes. Host bits are zero. */
export type Cidr =
  | { readonly family: 4; readonly base: number; readonly prefix: number }
  | { readonly family: 6; readonly bytes: Uint8Array; readonly prefix: number };

/**
 * The netmask of an IPv4 prefix length as an unsigned 32-bit integer (`24` → `0xffffff00`).
 * A shift by 32 is a shift by 0 in JavaScript, hence the explicit case for `/0`.
 */
export function ipv4Mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/**
 * Parses `"10.0.0.0/8"`, `"10.0.0.1"` (a host, `/32`), `"::/0"`, `"2001:db8::/32"` or `"::1"`
 * (`/128`). Host bits set in the base are allowed and cleared. The prefix is a decimal integer
 * without leading zeros, at most 32 (IPv4) or 128 (IPv6).
 *
 * @throws AddressError naming the text when the address or the prefix is malformed.
 */
export function parseCidr(text: string): Cidr {
  if (typeof text !== 'string') throw new AddressError(String(text), 'not a string');
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const family = address.includes(':') ? 6 : 4;
  const maxPrefix = family === 4 ? 32 : 128;
  let prefix = maxPrefix;
  if (slash >= 0) {
    const prefixText = text.slice(slash + 1);
    if (!/^(0|[1-9]\d{0,2})$/.test(prefixText)) {
      throw new AddressError(text, `bad prefix length ${JSON.stringify(prefixText)}`);
    }
    prefix = Number(prefixText);
    if (prefix > maxPrefix) {
      throw new AddressError(text, `prefix length ${prefix} is over ${maxPrefix} for IPv${family}`);
    }
  }
  let parsed: number | Uint8Array;
  try {
    parsed = family === 4 ? parseIpv4(address) : parseIpv6(address);
  } catch (error) {
    // Re-throw with the whole CIDR text, so the user sees what they wrote, not a fragment of it.
    if (error instanceof AddressError && slash >= 0) {
      throw new AddressError(text, error.reason);
    }
    throw error;
  }
  if (typeof parsed === 'number') {
    return { family: 4, base: (parsed & ipv4Mask(prefix)) >>> 0, prefix };
  }
  for (let i = 0; i < 16; i++) {
    const bitsHere = Math.min(8, Math.max(0, prefix - 8 * i));
    parsed[i]! &= (0xff00 >>> bitsHere) & 0xff;
  }
  return { family: 6, bytes: parsed, prefix };
}

/** Whether the text parses as a CIDR block or single address (see {@link parseCidr}). */
export function isCidr(text: string): boolean {
  try {
    parseCidr(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether an IPv4 address (unsigned 32-bit integer) lies in the block. IPv6 blocks never contain
 * an IPv4 address (no IPv4-mapped matching: a cloud security group keeps the two families apart).
 */
export function cidrContainsIpv4(cidr: Cidr, ip: number): boolean {
  if (cidr.family !== 4) return false;
  return ((ip ^ cidr.base) & ipv4Mask(cidr.prefix)) === 0;
}

/** The number of IPv4 addresses in an IPv4 block (`/0` → 2^32); 0 for IPv6 blocks. */
export function ipv4BlockSize(cidr: Cidr): number {
  return cidr.family === 4 ? 2 ** (32 - cidr.prefix) : 0;
}

/** Renders a block in canonical text: `10.0.0.0/8`; IPv6 as eight lower-case hex groups (no `::` compression). */
export function formatCidr(cidr: Cidr): string {
  if (cidr.family === 4) return `${formatIpv4(cidr.base)}/${cidr.prefix}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2)
    groups.push(((cidr.bytes[i]! << 8) | cidr.bytes[i + 1]!).toString(16));
  return `${groups.join(':')}/${cidr.prefix}`;
}
