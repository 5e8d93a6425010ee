import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashIpv4, hashIpv6 } from '../../src/hash/address-hash.js';
import { mix32 } from '../../src/hash/mix32.js';
import { xxh32Bytes } from '../../src/hash/xxh32.js';
import { AddressError } from '../../src/errors.js';
import { formatIpv4, parseIpv6 } from '../../src/network/address.js';

const uint32 = fc.integer({ min: 0, max: 0xffffffff });

describe('hashIpv4', () => {
  it('hashes text and the equal uint32 alike, through mix32, for all addresses', () => {
    fc.assert(
      fc.property(uint32, (n) => {
        const h = hashIpv4(n);
        expect(h).toBe(mix32(n));
        expect(hashIpv4(formatIpv4(n))).toBe(h);
      }),
      { seed: 42, numRuns: 1000 },
    );
    expect(hashIpv4('10.0.0.1')).toBe(hashIpv4(0x0a000001));
  });

  it('gives every address of a /16 its own hash', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 1 << 16; i++) seen.add(hashIpv4(`10.1.${i >>> 8}.${i & 255}`));
    expect(seen.size).toBe(1 << 16);
  });

  it('throws AddressError for bad text and for numbers outside uint32', () => {
    for (const bad of ['', '10.0.0', '10.0.0.256', '01.2.3.4', 'a.b.c.d', '::1']) {
      expect(() => hashIpv4(bad)).toThrow(AddressError);
    }
    for (const bad of [-1, 2 ** 32, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => hashIpv4(bad)).toThrow(AddressError);
    }
    expect(() => hashIpv4(-1)).toThrow(/invalid address "-1": .*0\.\.4294967295/);
  });
});

describe('hashIpv6', () => {
  it('is xxh32 of the 16 address bytes', () => {
    const text = '2001:db8::1';
    expect(hashIpv6(text)).toBe(xxh32Bytes(parseIpv6(text)));
  });

  it('hashes every text form of one address alike', () => {
    const h = hashIpv6('2001:db8::1');
    expect(hashIpv6('2001:0db8:0000:0000:0000:0000:0000:0001')).toBe(h);
    expect(hashIpv6('2001:DB8:0:0::1')).toBe(h);
    expect(hashIpv6('2001:db8::2')).not.toBe(h);
  });

  it('hashes an IPv4-mapped address as its IPv4 address, for all IPv4 addresses', () => {
    fc.assert(
      fc.property(uint32, (n) => {
        const v4 = formatIpv4(n);
        expect(hashIpv6(`::ffff:${v4}`)).toBe(hashIpv4(n));
      }),
      { seed: 42, numRuns: 500 },
    );
    // Only ::ffff:0:0/96 is folded; the deprecated IPv4-compatible ::a.b.c.d is not.
    expect(hashIpv6('::10.0.0.1')).toBe(xxh32Bytes(parseIpv6('::10.0.0.1')));
  });

  it('throws AddressError for bad text', () => {
    for (const bad of ['', '1::2::3', 'gggg::1', '10.0.0.1', '1:2:3:4:5:6:7:8:9']) {
      expect(() => hashIpv6(bad)).toThrow(AddressError);
    }
  });
});
