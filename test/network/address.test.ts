import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddressError } from '../../src/errors.js';
import { formatIpv4, parseIpv4, parseIpv6 } from '../../src/network/address.js';

/** The textbook parser: four decimal parts 0..255 without leading zeros. */
function reference(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) {
    return null;
  }
  return parts.reduce((v, p) => v * 256 + Number(p), 0);
}

function parsed(text: string): number | null {
  try {
    return parseIpv4(text);
  } catch (error) {
    expect(error).toBeInstanceOf(AddressError);
    return null;
  }
}

describe('parseIpv4', () => {
  it('round-trips every address through formatIpv4', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), (v) => {
        expect(parseIpv4(formatIpv4(v))).toBe(v);
      }),
      { seed: 42 },
    );
  });

  it('accepts exactly what the textbook parser accepts', () => {
    const piece = fc.oneof(
      fc.constantFrom('0', '00', '01', '255', '256', '999', '1000', '', '-1', ' 1', 'a', '1e2'),
      fc.nat(300).map(String),
    );
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 6 }), (pieces) => {
        const text = pieces.join('.');
        expect(parsed(text)).toBe(reference(text));
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  it('names the input and the problem', () => {
    expect(() => parseIpv4('10.0.0.256')).toThrow(
      'invalid address "10.0.0.256": IPv4 part 256 is over 255',
    );
    expect(() => parseIpv4('10.0.01.1')).toThrow(/bad IPv4 part "01"/);
  });
});

describe('parseIpv6', () => {
  it('reads compressed forms and a trailing IPv4', () => {
    expect([...parseIpv6('::1')]).toEqual([...new Array<number>(15).fill(0), 1]);
    expect([...parseIpv6('2001:db8::ffff:1.2.3.4').slice(12)]).toEqual([1, 2, 3, 4]);
    expect(() => parseIpv6('1::2::3')).toThrow(AddressError);
    expect(() => parseIpv6('1:2:3')).toThrow(/eight groups/);
  });
});
