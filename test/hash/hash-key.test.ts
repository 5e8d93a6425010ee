import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashIpv4, hashIpv6 } from '../../src/hash/address-hash.js';
import { hashKey } from '../../src/hash/hash-key.js';
import { mix32 } from '../../src/hash/mix32.js';
import { hashString } from '../../src/hash/string-hash.js';
import { formatIpv4, isIpv4, parseIpv6 } from '../../src/network/address.js';

/** The routing rule written plainly, with the parsers deciding what is an address. */
function referenceHashKey(key: string): number {
  if (isIpv4(key)) return hashIpv4(key);
  try {
    parseIpv6(key);
  } catch {
    return hashString(key);
  }
  return hashIpv6(key);
}

/** Text that is, or nearly is, an address, plus ordinary keys. */
const keyText = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: fc.constantFrom(...'0123456789.'.split('')), minLength: 7, maxLength: 15 }),
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:.'.split('')), maxLength: 45 }),
  fc.integer({ min: 0, max: 0xffffffff }).map(formatIpv4),
  fc.ipV6(),
  fc.ipV4Extended(),
);

describe('hashKey', () => {
  it('routes numbers, IPv4, IPv6 and other text to their hashes', () => {
    expect(hashKey(42)).toBe(mix32(42));
    expect(hashKey('10.0.0.1')).toBe(hashIpv4('10.0.0.1'));
    expect(hashKey('10.0.0.1')).toBe(hashKey(0x0a000001));
    expect(hashKey('2001:db8::1')).toBe(hashIpv6('2001:db8::1'));
    expect(hashKey('::ffff:10.0.0.1')).toBe(hashKey('10.0.0.1'));
    expect(hashKey('client-17')).toBe(hashString('client-17'));
  });

  it('hashes text that only looks like an address as a string, without throwing', () => {
    for (const key of ['1.2.3.256', '01.2.3.4', 'ins-a:8080', 'cafe:babe', '1:2', '::::']) {
      expect(hashKey(key)).toBe(hashString(key));
    }
  });

  it('follows the routing rule for all keys', () => {
    fc.assert(
      fc.property(keyText, (key) => {
        expect(hashKey(key)).toBe(referenceHashKey(key));
      }),
      { seed: 42, numRuns: 3000 },
    );
  });

  it('rejects a numeric key that is not a uint32', () => {
    for (const bad of [-1, 2 ** 32, 0.5, Number.NaN])
      expect(() => hashKey(bad)).toThrow(RangeError);
    expect(() => hashKey(-1)).toThrow(/hashKey: a numeric key must be .* got -1/);
  });
});
