import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  crc32Hash,
  djb2,
  fullHash,
  hashKeyString,
  hashSourceBytes,
  haproxyKeyHash,
  resolveHashType,
  sdbm,
  wt6,
} from '../../../src/balancer/dialects/haproxy-hash-functions.js';
import { parseIpv6 } from '../../../src/network/address.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

// References written from the definitions with BigInt arithmetic mod 2^32, one step per byte.
const M = (1n << 32n) - 1n;
function refSdbm(b: Uint8Array): number {
  let h = 0n;
  for (const c of b) h = (BigInt(c) + (h << 6n) + (h << 16n) - h) & M;
  return Number(h);
}
function refDjb2(b: Uint8Array): number {
  let h = 5381n;
  for (const c of b) h = (h * 33n + BigInt(c)) & M;
  return Number(h);
}
function refCrc32(b: Uint8Array): number {
  let h = M;
  for (const c of b) {
    h ^= BigInt(c);
    for (let k = 0; k < 8; k++) h = (h >> 1n) ^ (h & 1n ? 0xedb88320n : 0n);
  }
  return Number(~h & M);
}
function rotl(x: bigint, n: bigint): bigint {
  return n === 0n ? x : ((x << n) | (x >> (32n - n))) & M;
}
function refWt6(b: Uint8Array): number {
  let h0 = 0xa53c965an;
  let h1 = 0x5ca6953an;
  let s0 = 6n;
  let s1 = 18n;
  for (const c of b) {
    const t = BigInt(c);
    h0 = ~(h0 ^ t) & M;
    h1 = ~(h1 + t) & M;
    const r = rotl(h1, s0);
    h1 = rotl(h0, s1);
    h0 = r;
    const m = ((h0 >> 16n) ^ h1) & 0xffffn;
    s0 = m & 0x1fn;
    s1 = m >> 11n;
  }
  return Number(h0 ^ h1);
}
function refFullHash(x: number): number {
  let a = BigInt(x);
  a = (a + 0x7ed55d16n + (a << 12n)) & M;
  a = a ^ 0xc761c23cn ^ (a >> 19n);
  a = (a + 0x165667b1n + (a << 5n)) & M;
  a = ((a + 0xd3a2646cn) & M) ^ ((a << 9n) & M);
  a = (a + 0xfd7046c5n + (a << 3n)) & M;
  a = a ^ 0xb55a4f09n ^ (a >> 16n);
  return Number((a * 3221225473n) & M);
}

describe('haproxy-hash-functions', () => {
  it('gives the textbook values', () => {
    expect(djb2(bytes(''))).toBe(5381);
    expect(sdbm(bytes('a'))).toBe(97);
    expect(crc32Hash(bytes('123456789'))).toBe(0xcbf43926);
    expect(wt6(bytes(''))).toBe((0xa53c965a ^ 0x5ca6953a) >>> 0);
  });

  it('sdbm, djb2, wt6 and crc32 equal their BigInt references on any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        expect(sdbm(b)).toBe(refSdbm(b));
        expect(djb2(b)).toBe(refDjb2(b));
        expect(wt6(b)).toBe(refWt6(b));
        expect(crc32Hash(b)).toBe(refCrc32(b));
      }),
      { seed: 0x6861, numRuns: 500 },
    );
  });

  it('full_hash equals its reference and is a bijection on a sample', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), (x) => {
        expect(fullHash(x)).toBe(refFullHash(x));
      }),
      { seed: 0x6862, numRuns: 2000 },
    );
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i++) seen.add(fullHash(i * 4096 + (i % 4096)));
    expect(seen.size).toBe(100_000);
  });

  it('resolves hash-type defaults as HAProxy 2.6 does', () => {
    expect(resolveHashType('t', false, undefined)).toEqual({
      hashFunction: 'sdbm',
      avalanche: false,
    });
    expect(resolveHashType('t', true, undefined)).toEqual({
      hashFunction: 'sdbm',
      avalanche: true,
    });
    expect(resolveHashType('t', true, { hashFunction: 'djb2' })).toEqual({
      hashFunction: 'djb2',
      avalanche: false,
    });
    expect(() => resolveHashType('t', true, { hashFunction: 'md5' as 'sdbm' })).toThrow(
      /t: hashFunction must be one of sdbm, djb2, wt6, crc32, got "md5"/,
    );
  });

  it('hashes an IPv4 literal as balance source: the address as a big-endian integer', () => {
    const plain = resolveHashType('t', false, undefined);
    const aval = resolveHashType('t', true, undefined);
    expect(haproxyKeyHash('127.0.3.7', plain)).toBe(0x7f000307);
    expect(haproxyKeyHash('255.255.255.255', plain)).toBe(0xffffffff);
    expect(haproxyKeyHash('127.0.3.7', aval)).toBe(fullHash(0x7f000307));
  });

  it('hashes an IPv6 literal as its four 32-bit words XORed', () => {
    const plain = resolveHashType('t', false, undefined);
    expect(haproxyKeyHash('::1', plain)).toBe(1);
    expect(haproxyKeyHash('2001:db8::ff00:42:8329', plain)).toBe(
      (0x20010db8 ^ 0 ^ 0x0000ff00 ^ 0x00428329) >>> 0,
    );
    expect(haproxyKeyHash('::ffff:10.0.0.1', plain)).toBe((0x0000ffff ^ 0x0a000001) >>> 0);
    const b = new Uint8Array(16);
    b[15] = 1;
    expect(hashSourceBytes(b, 16, false)).toBe(1);
  });

  it('reads any IPv6 text form as its 16 bytes (against the project parser)', () => {
    const plain = resolveHashType('t', false, undefined);
    const group = fc.oneof(fc.constant(0), fc.nat({ max: 0xffff }));
    fc.assert(
      fc.property(
        fc.array(group, { minLength: 8, maxLength: 8 }),
        fc.nat({ max: 7 }),
        fc.nat({ max: 8 }),
        fc.boolean(),
        (g, from, len, upper) => {
          // Zero a run and write it as "::" (or not at all when len is 0), in either case.
          const words = g.map((v, i) => (i >= from && i < from + len ? 0 : v));
          const hex = words.map((v) => (upper ? v.toString(16).toUpperCase() : v.toString(16)));
          const to = Math.min(8, from + len);
          const text =
            len === 0
              ? hex.join(':')
              : `${hex.slice(0, from).join(':')}::${hex.slice(to).join(':')}`;
          const b = parseIpv6(text);
          let x = 0;
          for (let i = 0; i < 16; i += 4)
            x ^= (b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!;
          expect(haproxyKeyHash(text, plain)).toBe(x >>> 0);
        },
      ),
      { seed: 0x6863, numRuns: 500 },
    );
    const djb = resolveHashType('t', false, { hashFunction: 'djb2' });
    for (const bad of [
      ':',
      ':::',
      '1:',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '12345::',
      '::1.2.3',
      'g::1',
    ]) {
      expect(haproxyKeyHash(bad, djb)).toBe(refDjb2(bytes(bad)));
    }
  });

  it('hashes anything else as a header value, including near-addresses', () => {
    const t = resolveHashType('t', false, { hashFunction: 'djb2' });
    for (const key of ['1.2.3', '01.2.3.4', '1.2.3.256', 'abc', '::g', 'é']) {
      expect(haproxyKeyHash(key, t)).toBe(refDjb2(bytes(key)));
    }
    expect(hashKeyString('x'.repeat(5000), t)).toBe(refDjb2(bytes('x'.repeat(5000))));
  });
});
