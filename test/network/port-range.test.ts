import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPortRange, parsePortRange } from '../../src/network/port-range.js';

describe('parsePortRange', () => {
  it('reads ALL, single ports (text or number) and ranges', () => {
    expect(parsePortRange('ALL')).toEqual({ lo: 1, hi: 65535 });
    expect(parsePortRange('all')).toEqual({ lo: 1, hi: 65535 });
    expect(parsePortRange('80')).toEqual({ lo: 80, hi: 80 });
    expect(parsePortRange(80)).toEqual({ lo: 80, hi: 80 });
    expect(parsePortRange('8000-8080')).toEqual({ lo: 8000, hi: 8080 });
    expect(parsePortRange('1-65535')).toEqual({ lo: 1, hi: 65535 });
    expect(parsePortRange('443-443')).toEqual({ lo: 443, hi: 443 });
  });

  it.each([
    '0',
    '65536',
    '90-80',
    '1-65536',
    '0-80',
    ' 80',
    '80 ',
    '080',
    '+80',
    '80-',
    '-80',
    'any',
    '',
  ])('rejects %j with a RangeError naming the value', (text) => {
    expect(() => parsePortRange(text)).toThrow(RangeError);
    expect(() => parsePortRange(text)).toThrow(`security group: port must be`);
    expect(() => parsePortRange(text)).toThrow(JSON.stringify(text));
    expect(isPortRange(text)).toBe(false);
  });

  it.each([0, -1, 65536, 1.5, Number.NaN])('rejects the number %d', (port) => {
    expect(() => parsePortRange(port)).toThrow(RangeError);
  });

  it('accepts every valid range written as "N-M"', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 65535 }),
        fc.integer({ min: 1, max: 65535 }),
        (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(parsePortRange(`${lo}-${hi}`)).toEqual({ lo, hi });
          expect(parsePortRange(String(lo))).toEqual({ lo, hi: lo });
        },
      ),
      { seed: 42 },
    );
  });
});
