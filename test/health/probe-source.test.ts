import { describe, expect, it } from 'vitest';
import { AddressError } from '../../src/errors.js';
import { CLASSIC_PROBE_CIDR, probeSource } from '../../src/health/probe-source.js';

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

  it('rejects a VIP that is not an address', () => {
    expect(() => probeSource({ type: 'public', network: 'vpc', vip: 'lb.example.com' })).toThrow(
      AddressError,
    );
  });
});
