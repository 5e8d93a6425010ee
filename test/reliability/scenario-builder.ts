/**
 * A compact builder of valid scenarios for the reliability tests: `n` instances in one VPC, all
 * allowed by one security group, and listeners built from them.
 */
export interface BuildOptions {
  readonly instances?: number;
  readonly durationSec?: number;
  readonly ratePerSec?: number;
  readonly clients?: number;
  readonly windowSec?: number;
  readonly listeners?: readonly Record<string, unknown>[];
  readonly events?: readonly Record<string, unknown>[];
  readonly mix?: readonly Record<string, unknown>[];
  readonly options?: Record<string, unknown>;
  readonly state?: string;
}

/** The id of instance `i`. */
export const ins = (i: number): string => `ins-${i}`;

/** Targets `{ instance, port }` for instances from..to-1. */
export function targets(
  from: number,
  to: number,
  port = 80,
  weight?: number,
): Record<string, unknown>[] {
  return Array.from({ length: to - from }, (_, k) => ({
    instance: ins(from + k),
    port,
    ...(weight === undefined ? {} : { weight }),
  }));
}

/** A scenario as raw JSON. */
export function buildScenario(o: BuildOptions): Record<string, unknown> {
  const n = o.instances ?? 10;
  return {
    seed: 'reliability',
    durationSec: o.durationSec ?? 10,
    loadBalancer: { id: 'lb', region: 'ap-guangzhou', vpcId: 'vpc-1', vip: '203.0.113.10' },
    instances: Array.from({ length: n }, (_, i) => ({
      id: ins(i),
      region: 'ap-guangzhou',
      vpcId: 'vpc-1',
      privateIp: `10.0.${i >> 8}.${i & 255}`,
      securityGroups: ['sg'],
      ...(o.state === undefined ? {} : { state: o.state }),
    })),
    securityGroups: [
      { id: 'sg', inbound: [{ source: '0.0.0.0/0', port: 'ALL', action: 'allow' }] },
    ],
    listeners: o.listeners ?? [{ id: 'tcp', protocol: 'TCP', port: 80, targets: targets(0, n) }],
    traffic: {
      ratePerSec: o.ratePerSec ?? 100,
      clients: o.clients ?? 100,
      ...((o.clients ?? 0) > 2 ** 22 ? { clientCidr: '10.0.0.0/8' } : {}),
      ...(o.mix === undefined ? {} : { mix: o.mix }),
    },
    events: o.events ?? [],
    options: { ...(o.windowSec === undefined ? {} : { windowSec: o.windowSec }), ...o.options },
  };
}
