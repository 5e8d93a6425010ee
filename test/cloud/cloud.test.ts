/** The cloud model: what each event op changes, and what it refuses. */
import { describe, expect, it } from 'vitest';
import { Cloud, releaseKeepsTargets, withPort } from '../../src/cloud/cloud.js';
import { poolKey, poolLabel, targetRef } from '../../src/cloud/pool-ref.js';
import type { InstanceSpec, LoadBalancerSpec, TargetSpec } from '../../src/scenario/types.js';

const LB: LoadBalancerSpec = {
  id: 'lb-1',
  region: 'ap-guangzhou',
  type: 'public',
  network: 'vpc',
  vpcId: 'vpc-1',
  vip: '203.0.113.10',
  kind: 'standard',
  backendMode: 'same-vpc',
  snatIps: [],
};

function instance(
  id: string,
  region = 'ap-guangzhou',
  enis: InstanceSpec['enis'] = [],
): InstanceSpec {
  return {
    id,
    region,
    vpcId: 'vpc-1',
    privateIp: '10.0.0.1',
    state: 'running',
    bandwidthMbps: 10,
    securityGroups: ['sg-web'],
    enis,
  };
}

function target(ref: string, port: number, weight = 10): TargetSpec {
  return { kind: 'instance', id: `${ref}:${port}`, instance: ref, port, weight };
}

const TCP = { listener: 'tcp-80' };
const API = { listener: 'http-81', rule: 'api' };

function cloud(lb: LoadBalancerSpec = LB): Cloud {
  return new Cloud({
    loadBalancer: lb,
    instances: [
      instance('ins-a', 'ap-guangzhou', [{ id: 'eni-1', ips: ['10.0.0.21'] }]),
      instance('ins-b'),
      instance('ins-x', 'ap-shanghai'),
    ],
    securityGroups: [{ id: 'sg-web', inbound: [] }],
    pools: [
      { pool: TCP, targets: [target('ins-a', 80), target('ins-b', 80), target('ins-x', 80)] },
      {
        pool: API,
        targets: [
          { kind: 'eni', id: 'eni-1:8080', eni: 'eni-1', ip: '10.0.0.21', port: 8080, weight: 10 },
        ],
      },
    ],
  });
}

const ids = (c: Cloud, pool: typeof TCP | typeof API): string[] => [...c.targets(pool)!.keys()];

describe('Cloud', () => {
  it('changes weights and names each target it could not find', () => {
    const c = cloud();
    const { changes, refusals } = c.apply({
      atSec: 1,
      op: 'setWeight',
      ...TCP,
      targets: ['ins-a:80', 'nope:80'],
      weight: 0,
    });
    expect(changes).toEqual([{ kind: 'weight', pool: TCP, target: target('ins-a', 80, 0) }]);
    expect(refusals).toEqual([{ kind: 'noTarget', index: 1, id: 'nope:80' }]);
  });

  it('moves a target to another port under a new id, unless the id is taken', () => {
    const c = cloud();
    const moved = c.apply({ atSec: 1, op: 'setPort', ...TCP, targets: ['ins-a:80'], port: 8080 });
    expect(moved.changes).toEqual([
      { kind: 'port', pool: TCP, from: 'ins-a:80', target: target('ins-a', 8080) },
    ]);
    expect(ids(c, TCP)).toContain('ins-a:8080');
    c.apply({ atSec: 2, op: 'bind', ...TCP, targets: [target('ins-b', 8080)] });
    const clash = c.apply({ atSec: 3, op: 'setPort', ...TCP, targets: ['ins-b:80'], port: 8080 });
    expect(clash.refusals).toEqual([
      { kind: 'clash', index: 0, id: 'ins-b:80', with: 'ins-b:8080' },
    ]);
  });

  it('releases an instance: down, then its targets unbound everywhere (ENI targets too)', () => {
    const c = cloud();
    const { changes } = c.apply({ atSec: 5, op: 'release', instance: 'ins-a' });
    expect(changes.map((x) => x.kind)).toEqual(['power', 'unbind', 'unbind']);
    expect(ids(c, TCP)).toEqual(['ins-b:80', 'ins-x:80']);
    expect(ids(c, API)).toEqual([]);
    expect(c.apply({ atSec: 6, op: 'up', instance: 'ins-a' }).refusals).toEqual([
      { kind: 'released', index: 0, instance: 'ins-a', atSec: 5 },
    ]);
    expect(
      c.apply({ atSec: 7, op: 'bind', ...TCP, targets: [target('ins-a', 81)] }).refusals,
    ).toEqual([{ kind: 'released', index: 0, instance: 'ins-a', atSec: 5 }]);
  });

  it("keeps another region's target bound on release under non-VPC IPs (binding 2.0)", () => {
    const lb = { ...LB, backendMode: 'non-vpc-ips' as const };
    expect(releaseKeepsTargets(lb, instance('ins-x', 'ap-shanghai'))).toBe(true);
    expect(releaseKeepsTargets(lb, instance('ins-b'))).toBe(false);
    const c = cloud(lb);
    expect(c.apply({ atSec: 5, op: 'release', instance: 'ins-x' }).changes).toEqual([
      { kind: 'power', instance: 'ins-x', up: false },
    ]);
    expect(ids(c, TCP)).toContain('ins-x:80');
    expect(c.isUp('ins-x')).toBe(false);
  });

  it("scales out into the load balancer's region with the default bandwidth, and scales in", () => {
    const c = cloud();
    const { changes, refusals } = c.apply({
      atSec: 9,
      op: 'scale',
      ...TCP,
      add: [
        { id: 'ins-n', privateIp: '10.0.0.9', securityGroups: ['sg-web'] },
        { id: 'ins-b', privateIp: '10.0.0.8', securityGroups: [] },
      ],
      remove: ['ins-b', 'ins-zzz'],
      port: 80,
      weight: 20,
    });
    expect(changes.map((x) => x.kind)).toEqual(['launch', 'bind', 'unbind', 'rebalance']);
    expect(c.instance('ins-n')).toMatchObject({
      region: 'ap-guangzhou',
      vpcId: 'vpc-1',
      bandwidthMbps: 10,
    });
    expect(refusals).toEqual([
      { kind: 'instanceExists', index: 1, instance: 'ins-b' },
      { kind: 'noTargetOfInstance', index: 1, instance: 'ins-zzz' },
    ]);
    expect(ids(c, TCP)).toEqual(['ins-a:80', 'ins-x:80', 'ins-n:80']);
  });

  it('answers the groups of an instance as the latest rules', () => {
    const c = cloud();
    const inbound = [{ source: '0.0.0.0/0', port: 'ALL', action: 'allow' as const }];
    c.apply({ atSec: 1, op: 'setSecurityGroup', securityGroup: 'sg-web', inbound });
    expect(c.groupsOf('ins-a')).toEqual([{ id: 'sg-web', inbound }]);
    expect(
      c.ownerOf({ kind: 'ip', id: '1.2.3.4:80', ip: '1.2.3.4', port: 80, weight: 1 }),
    ).toBeNull();
  });
});

describe('pool and target names', () => {
  it('keys pools so that no listener or rule id can collide', () => {
    expect(poolKey({ listener: 'a', rule: 'b' })).not.toBe(poolKey({ listener: 'a\u0000b' }));
    expect(poolKey({ listener: 'a' })).toBe(poolKey({ listener: 'a', rule: undefined }));
    expect(poolLabel(API)).toBe('rule "api" of listener "http-81"');
  });

  it('keeps the ref of a target id with colons in it (IPv6 addresses)', () => {
    expect(targetRef('2001:db8::1:8080')).toBe('2001:db8::1');
    expect(withPort(target('ins-a', 80), 443).id).toBe('ins-a:443');
  });
});
