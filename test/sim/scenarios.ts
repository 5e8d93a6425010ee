/** Small scenario builders for end-to-end tests: one public LB, instances allowing everyone. */
import { SPEC_EXAMPLE } from '../scenario/fixtures.js';

/** A JSON object as tests write it. */
export type Json = Record<string, unknown>;

/** Instances `ins-0..ins-(n-1)` in the LB's VPC, security group `sg-open` (all allowed on 8080). */
export function instances(n: number, extra: Json = {}): Json[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `ins-${i}`,
    region: 'ap-guangzhou',
    vpcId: 'vpc-1',
    privateIp: `10.0.0.${10 + i}`,
    securityGroups: ['sg-open'],
    ...extra,
  }));
}

/** A scenario with one TCP listener on the given weights (targets `ins-i:8080`). */
export function tcpScenario(
  weights: readonly number[],
  overrides: Json = {},
  listener: Json = {},
): Json {
  return {
    seed: 'test',
    durationSec: 60,
    // The SPEC example's: public, ap-guangzhou, vpc-1, VIP 203.0.113.10, same-vpc binding.
    loadBalancer: structuredClone(SPEC_EXAMPLE['loadBalancer']),
    instances: instances(weights.length),
    securityGroups: [
      { id: 'sg-open', inbound: [{ source: '0.0.0.0/0', port: 'ALL', action: 'allow' }] },
    ],
    listeners: [
      {
        id: 'tcp-80',
        protocol: 'TCP',
        port: 80,
        algorithm: 'wrr',
        targets: weights.map((w, i) => ({ instance: `ins-${i}`, port: 8080, weight: w })),
        ...listener,
      },
    ],
    traffic: { ratePerSec: 1000, clients: 2000, popularity: 'uniform', connectionMs: 200 },
    events: [],
    ...overrides,
  };
}
