/**
 * What the end-to-end benchmarks' scenarios share: the load balancer, `count` instances in its VPC
 * (10.0.0.10 on), and the one security group, `sg`, that lets every client in.
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
