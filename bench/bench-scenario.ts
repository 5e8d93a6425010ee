/**
 * What the end-to-end benchmarks' scenarios share: the load balancer, `count` instances in its VPC
 * (10.0.0.10 on), and the one security group, `sg`, that lets every client in.
 * Also the end-to-end cases themselves (`npm run bench:e2e`, `bench/builds.bench.ts`).
 */

/** The benchmarks' load balancer. */
export const BENCH_LOAD_BALANCER = {
  id: 'lb',
  region: 'ap-guangzhou',
  vpcId: 'vpc-1',
  vip: '203.0.113.10',
} as const;

/** The group every bench instance is in: all sources, all ports. */
export const ALLOW_ALL_GROUPS = [
  { id: 'sg', inbound: [{ source: '0.0.0.0/0', port: 'ALL', action: 'allow' }] },
] as const;

/** Instances `ins-0` … in the load balancer's VPC, each with `extra` fields. */
export function benchInstances(count: number, extra: object = {}): object[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `ins-${i}`,
    region: BENCH_LOAD_BALANCER.region,
    vpcId: BENCH_LOAD_BALANCER.vpcId,
    privateIp: `10.0.${(10 + i) >> 8}.${(10 + i) & 255}`,
    securityGroups: ['sg'],
    ...extra,
  }));
}

/**
 * The end-to-end cases (`npm run bench:e2e`): clients, session persistence, Zipf exponent (0:
 * uniform), simulated requests.
 */
export const E2E_CASES = {
  'no persistence, 10^4 clients': { clients: 1e4, sessions: false, zipf: 0, requests: 4e6 },
  'persistence, 10^4 clients': { clients: 1e4, sessions: true, zipf: 0, requests: 1e7 },
  'persistence, 10^6 clients': { clients: 1e6, sessions: true, zipf: 0, requests: 1e7 },
  'persistence, 10^7 clients': { clients: 1e7, sessions: true, zipf: 0, requests: 1e7 },
  'persistence, Zipf(1.1), 10^7 clients': {
    clients: 1e7,
    sessions: true,
    zipf: 1.1,
    requests: 1e7,
  },
} as const;
export type E2eCaseName = keyof typeof E2E_CASES;
export type E2eCase = (typeof E2E_CASES)[E2eCaseName];

/** Targets and simulated seconds of every end-to-end case. */
export const E2E_TARGETS = 10;
export const E2E_DURATION_SEC = 100;
/** The session timeout of the cases with persistence. */
export const E2E_SESSION_TIMEOUT_SEC = 600;

/** One TCP listener, 10 wrr targets (weights 10..19), health checks and report as by default. */
export function e2eScenario(c: E2eCase): unknown {
  return {
    seed: 'bench',
    durationSec: E2E_DURATION_SEC,
    loadBalancer: BENCH_LOAD_BALANCER,
    instances: benchInstances(E2E_TARGETS),
    securityGroups: ALLOW_ALL_GROUPS,
    listeners: [
      {
        id: 'tcp-80',
        protocol: 'TCP',
        port: 80,
        algorithm: 'wrr',
        ...(c.sessions ? { session: { timeoutSec: E2E_SESSION_TIMEOUT_SEC } } : {}),
        targets: Array.from({ length: E2E_TARGETS }, (_, i) => ({
          instance: `ins-${i}`,
          port: 8080,
          weight: 10 + i,
        })),
      },
    ],
    traffic: {
      ratePerSec: c.requests / E2E_DURATION_SEC,
      clients: c.clients,
      clientCidr: '100.0.0.0/8',
      popularity: c.zipf > 0 ? { zipf: c.zipf } : 'uniform',
    },
    options: { maxMemoryMb: 4096 },
  };
}

/**
 * The service-model benchmark's scenario (`npm run bench:service`): 10 instances, 50,000
 * requests/s for 20 s, each instance with 8 workers and exponential service of mean 1 ms when
 * `service` is on.
 */
export function serviceScenario(algorithm: string, service: boolean): unknown {
  const n = 10;
  return {
    seed: 'bench',
    durationSec: 20,
    loadBalancer: BENCH_LOAD_BALANCER,
    instances: benchInstances(
      n,
      service
        ? { service: { workers: 8, latencyMs: { distribution: 'exponential', mean: 1 } } }
        : {},
    ),
    securityGroups: ALLOW_ALL_GROUPS,
    listeners: [
      {
        id: 'tcp-80',
        protocol: 'TCP',
        port: 80,
        algorithm,
        healthCheck: { enabled: false },
        targets: Array.from({ length: n }, (_, i) => ({ instance: `ins-${i}`, port: 8080 })),
      },
    ],
    traffic: { ratePerSec: 50_000, clients: 100_000, connectionMs: 1 },
  };
}

/** The service-model scenarios by name ("service model on (p2c)"), for side-by-side runs. */
export const SERVICE_CASES: Readonly<Record<string, unknown>> = Object.fromEntries(
  ['wrr', 'p2c'].flatMap((algorithm) =>
    [false, true].map((on) => [
      `service model ${on ? 'on' : 'off'} (${algorithm})`,
      serviceScenario(algorithm, on),
    ]),
  ),
);
