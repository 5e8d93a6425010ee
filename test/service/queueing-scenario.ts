/**
 * Scenarios for the queueing-theory tests: `servers` equal instances, each with a service model,
 * behind one TCP listener with health checks off, fed Poisson arrivals at `load` × total capacity.
 */
import type { ScenarioInput } from '../../src/index.js';

export interface QueueingCase {
  readonly algorithm: string;
  readonly servers: number;
  readonly workers?: number;
  /** Mean service time (ms). */
  readonly meanMs: number;
  /** Arrival rate over capacity, per server. */
  readonly load: number;
  readonly durationSec: number;
  readonly seed: string;
  readonly distribution?: 'exponential' | 'lognormal' | 'constant';
}

/** The scenario of one queueing case. */
export function queueingScenario(c: QueueingCase): ScenarioInput {
  const workers = c.workers ?? 1;
  const ratePerSec = (c.load * c.servers * workers * 1000) / c.meanMs;
  const instances = Array.from({ length: c.servers }, (_, i) => ({
    id: `ins-${i + 1}`,
    region: 'r',
    vpcId: 'vpc-1',
    privateIp: `10.0.${(i >> 8) & 255}.${(i & 255) + 1}`,
    securityGroups: ['sg-all'],
    service: {
      workers,
      latencyMs: { distribution: c.distribution ?? 'exponential', mean: c.meanMs },
    },
  }));
  return {
    seed: c.seed,
    durationSec: c.durationSec,
    loadBalancer: { id: 'lb', region: 'r', vpcId: 'vpc-1', vip: '203.0.113.1' },
    instances,
    securityGroups: [
      { id: 'sg-all', inbound: [{ source: '0.0.0.0/0', port: 'ALL', action: 'allow' }] },
    ],
    listeners: [
      {
        id: 'tcp',
        protocol: 'TCP',
        port: 80,
        algorithm: c.algorithm,
        healthCheck: { enabled: false },
        targets: instances.map((i) => ({ instance: i.id, port: 8080, weight: 10 })),
      },
    ],
    traffic: { ratePerSec, clients: 100_000 },
  } as ScenarioInput;
}
