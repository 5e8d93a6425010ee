import { describe, expect, it } from 'vitest';
import { AddressError } from '../../src/errors.js';
import {
  CLASSIC_PROBE_CIDR,
  probeSource,
  probesFromVip,
  VIP_PROBE_CUTOFF,
} from '../../src/health/probe-source.js';

describe('probeSource', () => {
  it('probes from the VIP for public load balancers and internal ones in a VPC', () => {
    for (const lb of [
      { type: 'public', network: 'vpc', vip: '203.0.113.10' },
      { type: 'public', network: 'classic', vip: '203.0.113.10' },
      { type: 'internal', network: 'vpc', vip: '203.0.113.10' },
    ] as const) {
      expect(probeSource(lb)).toEqual({
        address: '203.0.113.10',
        cidr: '203.0.113.10/32',
        alwaysAllowed: false,
      });
    }
    expect(probeSource({ type: 'public', network: 'vpc', vip: '2001:db8::1' }).cidr).toBe(
      '2001:db8::1/128',
    );
  });

  it('probes from 169.254.128.0/17, always allowed, for classic internal load balancers', () => {
    expect(probeSource({ type: 'internal', network: 'classic', vip: '10.0.0.5' })).toEqual({
      address: null,
      cidr: CLASSIC_PROBE_CIDR,
      alwaysAllowed: true,
    });
    expect(CLASSIC_PROBE_CIDR).toBe('169.254.128.0/17');
  });

  it('follows the documented rule for every type, network, kind and creation date', () => {
    const vip = '10.0.0.5';
    const cases = [
      // [type, network, kind, createdAt, from the VIP]
      ['public', 'vpc', 'standard', undefined, true],
      ['public', 'classic', 'classic', '2015-01-01', true],
      ['internal', 'vpc', 'standard', undefined, true],
      ['internal', 'vpc', 'standard', '2015-01-01', true],
      ['internal', 'classic', 'standard', undefined, false],
      ['internal', 'vpc', 'classic', undefined, false],
      ['internal', 'vpc', 'classic', '2016-12-04', true],
      ['internal', 'vpc', 'classic', '2016-12-04T23:59:59Z', true],
      ['internal', 'vpc', 'classic', '2016-12-05', false],
      ['internal', 'vpc', 'classic', '2019-06-01', false],
      ['internal', 'classic', 'classic', '2015-01-01', false],
    ] as const;
    for (const [type, network, kind, createdAt, fromVip] of cases) {
      const lb = { type, network, kind, createdAt, vip };
      expect(probesFromVip(lb), JSON.stringify(lb)).toBe(fromVip);
      expect(probeSource(lb).alwaysAllowed, JSON.stringify(lb)).toBe(!fromVip);
    }
    expect(VIP_PROBE_CUTOFF).toBe('2016-12-05');
  });

  it('rejects a VIP that is not an address', () => {
    expect(() => probeSource({ type: 'public', network: 'vpc', vip: 'lb.example.com' })).toThrow(
      AddressError,
    );
  });
});
