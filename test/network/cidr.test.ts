import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddressError } from '../../src/errors.js';
import { formatIpv4, parseIpv4 } from '../../src/network/address.js';
import {
  cidrContainsIpv4,
  formatCidr,
  ipv4BlockSize,
  ipv4Mask,
  isCidr,
  parseCidr,
} from '../../src/network/cidr.js';

/** Reference membership: compare the top `prefix` bits with BigInt shifts. */
function referenceContains(base: number, prefix: number, ip: number): boolean {
  const shift = BigInt(32 - prefix);
  return BigInt(base) >> shift === BigInt(ip) >> shift;
}

describe('parseCidr', () => {
  it('reads IPv4 blocks and single hosts', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ family: 4, base: 0x0a000000, prefix: 8 });
    expect(parseCidr('10.0.0.1')).toEqual({ family: 4, base: 0x0a000001, prefix: 32 });
    expect(parseCidr('0.0.0.0/0')).toEqual({ family: 4, base: 0, prefix: 0 });
  });

  it('masks off host bits set in the base, as cloud consoles do', () => {
    expect(formatCidr(parseCidr('10.1.2.3/8'))).toBe('10.0.0.0/8');
    expect(formatCidr(parseCidr('192.168.1.77/26'))).toBe('192.168.1.64/26');
  });

  it('reads IPv6 blocks and masks their host bits', () => {
    const all = parseCidr('::/0');
    expect(all.family).toBe(6);
    expect(all.prefix).toBe(0);
    expect(formatCidr(parseCidr('2001:db8::/32'))).toBe('2001:db8:0:0:0:0:0:0/32');
    expect(formatCidr(parseCidr('2001:db8:ffff::1/35'))).toBe('2001:db8:e000:0:0:0:0:0/35');
    expect(parseCidr('::1').prefix).toBe(128);
  });

  it.each([
    '10.0.0/8',
    '10.0.0.0/33',
    '10.0.0.0/',
    '10.0.0.0/08',
    '10.0.0.0/-1',
    '10.0.0.0/8/8',
    '::1/129',
    '256.0.0.0/8',
    '',
    'example.com',
  ])('rejects %j with an AddressError naming the text', (text) => {
    expect(() => parseCidr(text)).toThrow(AddressError);
    expect(() => parseCidr(text)).toThrow(JSON.stringify(text));
    expect(isCidr(text)).toBe(false);
  });

  it('round-trips every IPv4 block through formatCidr', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), fc.integer({ min: 0, max: 32 }), (ip, prefix) => {
        const cidr = parseCidr(`${formatIpv4(ip)}/${prefix}`);
        expect(parseCidr(formatCidr(cidr))).toEqual(cidr);
        expect(cidrContainsIpv4(cidr, ip)).toBe(true);
      }),
      { seed: 42 },
    );
  });
});

describe('cidrContainsIpv4', () => {
  it('matches the block and nothing outside it', () => {
    const block = parseCidr('10.0.0.0/8');
    expect(cidrContainsIpv4(block, parseIpv4('10.255.255.255'))).toBe(true);
    expect(cidrContainsIpv4(block, parseIpv4('11.0.0.0'))).toBe(false);
    expect(cidrContainsIpv4(block, parseIpv4('9.255.255.255'))).toBe(false);
    expect(cidrContainsIpv4(parseCidr('0.0.0.0/0'), 0xffffffff)).toBe(true);
    expect(cidrContainsIpv4(parseCidr('255.255.255.255'), 0xffffffff)).toBe(true);
  });

  it('never matches an IPv4 address against an IPv6 block', () => {
    expect(cidrContainsIpv4(parseCidr('::/0'), parseIpv4('1.2.3.4'))).toBe(false);
    expect(cidrContainsIpv4(parseCidr('::ffff:0:0/96'), parseIpv4('1.2.3.4'))).toBe(false);
  });

  it('agrees with BigInt prefix comparison for all blocks and addresses', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 0xffffffff }),
        fc.integer({ min: 0, max: 32 }),
        fc.nat({ max: 0xffffffff }),
        fc.nat(32),
        (base, prefix, noise, flipBits) => {
          // Half the addresses share the block's top bits, so both outcomes are exercised.
          const ip = flipBits < 16 ? (base ^ (noise >>> flipBits)) >>> 0 : noise;
          const cidr = parseCidr(`${formatIpv4(base)}/${prefix}`);
          expect(cidrContainsIpv4(cidr, ip)).toBe(referenceContains(base, prefix, ip));
        },
      ),
      { seed: 42, numRuns: 2000 },
    );
  });

  it('sizes blocks and masks', () => {
    expect(ipv4Mask(0)).toBe(0);
    expect(ipv4Mask(24)).toBe(0xffffff00);
    expect(ipv4Mask(32)).toBe(0xffffffff);
    expect(ipv4BlockSize(parseCidr('100.64.0.0/10'))).toBe(4194304);
    expect(ipv4BlockSize(parseCidr('0.0.0.0/0'))).toBe(2 ** 32);
    expect(ipv4BlockSize(parseCidr('::/0'))).toBe(0);
  });
});
