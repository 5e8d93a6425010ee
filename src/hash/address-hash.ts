/**
 * Client addresses to 32-bit hashes, for source-IP hash and session keys.
 *
 * IPv4: the address as an unsigned 32-bit integer through `mix32` (a bijection, so two IPv4
 * clients never share a hash). IPv6: xxHash32 (seed 0) of the 16 address bytes; an IPv4-mapped
 * address (`::ffff:a.b.c.d`) hashes as its IPv4 address, so a dual-stack listener keeps a client
 * on the same backend whichever form it arrives in.
 * Complexity: O(1); the text forms cost what `parseIpv4`/`parseIpv6` cost (they allocate).
 * Determinism: pure functions of the address.
 */
import { AddressError } from '../errors.js';
import { parseIpv4, parseIpv6 } from '../network/address.js';
import { mix32 } from './mix32.js';
import { xxh32Bytes } from './xxh32.js';

/**
 * Hashes an IPv4 address, given as dotted-quad text or as an unsigned 32-bit integer
 * (`'10.0.0.1'` and `0x0a000001` give the same hash).
 *
 * @returns an unsigned 32-bit integer
 * @throws AddressError for bad text, or for a number that is not an integer in 0..2^32-1
 */
export function hashIpv4(address: string | number): number {
  if (typeof address === 'number') {
    if (address >>> 0 !== address) {
      throw new AddressError(String(address), 'an IPv4 number must be an integer in 0..4294967295');
    }
    return mix32(address);
  }
  return mix32(parseIpv4(address));
}

/**
 * Hashes an IPv6 address given as text (RFC 4291 forms). An IPv4-mapped address hashes as the
 * IPv4 address it carries (`hashIpv6('::ffff:10.0.0.1') === hashIpv4('10.0.0.1')`).
 *
 * @returns an unsigned 32-bit integer
 * @throws AddressError for bad text
 */
export function hashIpv6(address: string): number {
  const bytes = parseIpv6(address);
  if (isIpv4Mapped(bytes)) {
    return mix32(((bytes[12]! << 24) | (bytes[13]! << 16) | (bytes[14]! << 8) | bytes[15]!) >>> 0);
  }
  return xxh32Bytes(bytes);
}

/** `::ffff:0:0/96`: ten zero bytes, then 0xff 0xff. */
function isIpv4Mapped(bytes: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}
