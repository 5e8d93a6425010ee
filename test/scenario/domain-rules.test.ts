/** The SPEC section 1 rules, each with a scenario that keeps it and one that breaks it. */
/* eslint-disable @typescript-eslint/no-unsafe-return -- table cases change loosely typed JSON in one-line arrows */
import { describe, expect, it } from 'vitest';
import { NON_VPC_IP_REGIONS } from '../../src/scenario/defaults.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { base, change, expectIssues, type Expected, type Json } from './fixtures.js';
import { ALGORITHMS } from '../../src/balancer/algorithms.js';

interface Case {
  readonly name: string;
  readonly mutate: (s: Json) => unknown;
  /** Empty: the scenario is valid. */
  readonly issues: readonly Expected[];
}

const tcpTarget = (i: number): string => `listeners[0].targets[${i}]`;

/** Moves every instance to another region and VPC. */
function moveInstances(s: Json, region: string, vpcId: string): void {
  for (const i of s.instances) Object.assign(i, { region, vpcId });
}

function run(cases: readonly Case[]): void {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const scenario = change(base(), c.mutate);
    if (c.issues.length === 0) expect(() => validateScenario(scenario)).not.toThrow();
    else expectIssues(scenario, c.issues);
  });
}

describe('binding: same region and VPC', () => {
  run([
    { name: 'good: instances in the load balancer region and VPC', mutate: () => {}, issues: [] },
    {
      name: 'good: a stopped instance can be bound (it is simply down)',
      mutate: (s) => (s.instances[0].state = 'stopped'),
      issues: [],
    },
    {
      name: 'bad: an instance in another VPC',
      mutate: (s) => (s.instances[1].vpcId = 'vpc-2'),
      issues: [
        {
          path: `${tcpTarget(1)}.instance`,
          message: 'is in "ap-guangzhou" / "vpc-2", not in the load balancer',
        },
      ],
    },
    {
      name: 'bad: an instance in another region',
      mutate: (s) => (s.instances[1].region = 'ap-beijing'),
      issues: [{ path: `${tcpTarget(1)}.instance`, message: 'is in "ap-beijing" / "vpc-1"' }],
    },
    {
      name: 'bad: an isolated instance',
      mutate: (s) => (s.instances[1].state = 'isolated'),
      issues: [{ path: `${tcpTarget(1)}.instance`, message: 'instance "ins-b" is isolated' }],
    },
    {
      name: 'bad: an expired instance',
      mutate: (s) => (s.instances[1].state = 'expired'),
      issues: [{ path: `${tcpTarget(1)}.instance`, message: 'instance "ins-b" is expired' }],
    },
    {
      name: 'bad: an instance without bandwidth',
      mutate: (s) => (s.instances[1].bandwidthMbps = 0),
      issues: [{ path: `${tcpTarget(1)}.instance`, message: 'has no peak bandwidth' }],
    },
    {
      name: 'bad: an unknown instance',
      mutate: (s) => (s.listeners[0].targets[1].instance = 'ins-z'),
      issues: [{ path: `${tcpTarget(1)}.instance`, message: 'no instance "ins-z"' }],
    },
  ]);
});

describe('binding: cross-region 1.0', () => {
  const crossRegion = (s: Json): void => {
    s.loadBalancer.backendMode = 'cross-region-v1';
    moveInstances(s, 'ap-shanghai', 'vpc-sh');
  };
  run([
    { name: 'good: all instances in one VPC of one other region', mutate: crossRegion, issues: [] },
    {
      name: 'good: backendRegion names that region',
      mutate: (s) => {
        crossRegion(s);
        s.loadBalancer.backendRegion = 'ap-shanghai';
      },
      issues: [],
    },
    {
      name: 'bad: an internal load balancer',
      mutate: (s) => {
        crossRegion(s);
        s.loadBalancer.type = 'internal';
      },
      issues: [
        {
          path: 'loadBalancer.backendMode',
          message: 'public load balancers only (this one is internal)',
        },
      ],
    },
    {
      name: 'bad: a classic load balancer',
      mutate: (s) => {
        crossRegion(s);
        s.loadBalancer.kind = 'classic';
      },
      issues: [
        { path: 'loadBalancer.backendMode', message: 'not available on classic load balancers' },
      ],
    },
    {
      name: "bad: an instance in the load balancer's own region",
      mutate: (s) => {
        crossRegion(s);
        Object.assign(s.instances[1], { region: 'ap-guangzhou', vpcId: 'vpc-1' });
      },
      issues: [{ path: `${tcpTarget(1)}.instance`, message: "load balancer's own region" }],
    },
    {
      name: 'bad: instances in two other regions',
      mutate: (s) => {
        crossRegion(s);
        s.instances[1].region = 'ap-beijing';
      },
      issues: [
        {
          path: `${tcpTarget(1)}.instance`,
          message: 'instance "ins-a" is in "ap-shanghai" / "vpc-sh"',
        },
      ],
    },
    {
      name: 'bad: two VPCs of the other region',
      mutate: (s) => {
        crossRegion(s);
        s.instances[1].vpcId = 'vpc-sh2';
      },
      issues: [{ path: `${tcpTarget(1)}.instance`, message: 'binds one VPC of one other region' }],
    },
    {
      name: 'bad: an instance outside backendRegion',
      mutate: (s) => {
        crossRegion(s);
        s.loadBalancer.backendRegion = 'ap-beijing';
      },
      issues: [
        'listeners[0].targets[0]',
        'listeners[0].targets[1]',
        'listeners[1].rules[0].targets[0]',
        'listeners[1].rules[1].targets[0]',
      ].map((p) => ({
        path: `${p}.instance`,
        message: 'but loadBalancer.backendRegion is "ap-beijing"',
      })),
    },
    {
      name: "bad: backendRegion is the load balancer's own",
      mutate: (s) => {
        crossRegion(s);
        moveInstances(s, 'ap-guangzhou', 'vpc-1');
        s.loadBalancer.backendMode = 'cross-region-v1';
        s.loadBalancer.backendRegion = 'ap-guangzhou';
        s.listeners = [{ id: 'tcp-80', protocol: 'TCP', port: 80 }];
      },
      issues: [
        {
          path: 'loadBalancer.backendRegion',
          message: "another region than the load balancer's own",
        },
      ],
    },
    {
      name: 'bad: backendRegion without cross-region-v1',
      mutate: (s) => (s.loadBalancer.backendRegion = 'ap-beijing'),
      issues: [
        { path: 'loadBalancer.backendRegion', message: 'only with backendMode "cross-region-v1"' },
      ],
    },
  ]);
});

describe('binding: non-VPC IPs (cross-region 2.0, hybrid cloud)', () => {
  const nonVpc = (s: Json): void => {
    Object.assign(s.loadBalancer, { backendMode: 'non-vpc-ips', snatIps: ['10.0.9.1'] });
    s.instances[0].region = 'ap-beijing';
    s.instances[1].vpcId = 'vpc-7';
    s.listeners[0].targets.push({ ip: '192.168.1.10', port: 80, weight: 5 });
  };
  run([
    {
      name: 'good: instances anywhere and an IDC address with a SNAT IP',
      mutate: nonVpc,
      issues: [],
    },
    {
      name: 'good: an internal load balancer may use it too',
      mutate: (s) => {
        nonVpc(s);
        s.loadBalancer.type = 'internal';
      },
      issues: [],
    },
    {
      name: 'bad: an IP target without a SNAT IP',
      mutate: (s) => {
        nonVpc(s);
        s.loadBalancer.snatIps = [];
      },
      issues: [{ path: `${tcpTarget(2)}.ip`, message: 'needs at least one SNAT IP' }],
    },
    {
      name: 'bad: an IP target in a region without IDC binding',
      mutate: (s) => {
        nonVpc(s);
        s.loadBalancer.region = 'ap-singapore';
      },
      issues: [{ path: `${tcpTarget(2)}.ip`, message: 'offered only in ap-beijing' }],
    },
    {
      name: 'bad: a classic load balancer',
      mutate: (s) => {
        nonVpc(s);
        s.loadBalancer.kind = 'classic';
      },
      issues: [{ path: 'loadBalancer.backendMode', message: 'needs a standard load balancer' }],
    },
    {
      name: 'bad: an IP target outside non-vpc-ips mode says so',
      mutate: (s) => s.listeners[0].targets.push({ ip: '192.168.1.10', port: 80 }),
      issues: [
        { path: `${tcpTarget(2)}.ip`, message: 'needs loadBalancer.backendMode "non-vpc-ips"' },
      ],
    },
  ]);

  it('exports the six IDC regions', () => {
    expect(NON_VPC_IP_REGIONS).toEqual([
      'ap-beijing',
      'ap-shanghai',
      'ap-guangzhou',
      'ap-chengdu',
      'ap-chongqing',
      'ap-hongkong',
    ]);
  });
});

describe('binding: ENI targets', () => {
  run([
    {
      name: 'good: an IP of an attached ENI',
      mutate: (s) => s.listeners[0].targets.push({ eni: 'eni-1', ip: '10.0.0.22', port: 80 }),
      issues: [],
    },
    {
      name: 'bad: an ENI attached to no instance',
      mutate: (s) => s.listeners[0].targets.push({ eni: 'eni-9', ip: '10.0.0.22', port: 80 }),
      issues: [{ path: `${tcpTarget(2)}.eni`, message: 'no instance has ENI "eni-9" attached' }],
    },
    {
      name: "bad: an IP that is not the ENI's",
      mutate: (s) => s.listeners[0].targets.push({ eni: 'eni-1', ip: '10.0.0.99', port: 80 }),
      issues: [{ path: `${tcpTarget(2)}.ip`, message: 'is not an IP of ENI "eni-1"' }],
    },
    {
      name: "bad: the ENI's instance is isolated",
      mutate: (s) => {
        s.instances[0].state = 'isolated';
        s.listeners = [
          {
            id: 'l',
            protocol: 'TCP',
            port: 80,
            targets: [{ eni: 'eni-1', ip: '10.0.0.21', port: 80 }],
          },
        ];
      },
      issues: [
        {
          path: 'listeners[0].targets[0].eni',
          message: 'attached to instance "ins-a", which is isolated',
        },
      ],
    },
    {
      name: 'bad: an ENI attached to two instances',
      mutate: (s) => (s.instances[1].enis = [{ id: 'eni-1', ips: ['10.0.0.30'] }]),
      issues: [{ path: 'instances[1].enis[0].id', message: 'duplicate ENI id "eni-1"' }],
    },
    {
      name: 'bad: a target with both instance and eni',
      mutate: (s) => (s.listeners[0].targets[0].eni = 'eni-1'),
      issues: [{ path: tcpTarget(0), message: 'give "instance" or "eni" + "ip" or "ip"' }],
    },
  ]);
});

describe('uniqueness and references', () => {
  run([
    {
      name: 'bad: duplicate instance id',
      mutate: (s) => (s.instances[2].id = 'ins-a'),
      issues: [
        {
          path: 'instances[2].id',
          message: 'duplicate instance id "ins-a" (first at instances[0].id)',
        },
        // ins-c, still bound on the HTTP listener, is gone.
        { path: 'listeners[1].rules[0].targets[0].instance', message: 'no instance "ins-c"' },
      ],
    },
    {
      name: 'bad: duplicate security group id',
      mutate: (s) => s.securityGroups.push({ id: 'sg-web' }),
      issues: [{ path: 'securityGroups[1].id', message: 'duplicate security group id "sg-web"' }],
    },
    {
      name: 'bad: an instance naming a missing security group',
      mutate: (s) => s.instances[1].securityGroups.push('sg-x'),
      issues: [{ path: 'instances[1].securityGroups[1]', message: 'no security group "sg-x"' }],
    },
    {
      name: 'bad: duplicate listener id',
      mutate: (s) => (s.listeners[1].id = 'tcp-80'),
      issues: [{ path: 'listeners[1].id', message: 'duplicate listener id "tcp-80"' }],
    },
    {
      name: 'bad: duplicate listener port',
      mutate: (s) => (s.listeners[1].port = 80),
      issues: [{ path: 'listeners[1].port', message: 'duplicate listener port "80"' }],
    },
    {
      name: 'good: one instance bound twice on different ports',
      mutate: (s) => s.listeners[0].targets.push({ instance: 'ins-a', port: 9090 }),
      issues: [],
    },
    {
      name: 'bad: the same target twice in a listener',
      mutate: (s) => s.listeners[0].targets.push({ instance: 'ins-a', port: 8080, weight: 3 }),
      issues: [{ path: tcpTarget(2), message: 'duplicate target "ins-a:8080"' }],
    },
    {
      name: 'bad: the same target twice in a rule',
      mutate: (s) => s.listeners[1].rules[0].targets.push({ instance: 'ins-c', port: 80 }),
      issues: [{ path: 'listeners[1].rules[0].targets[1]', message: '"ins-c:80"' }],
    },
    {
      name: 'bad: duplicate rule id (from domain + path)',
      mutate: (s) =>
        s.listeners[1].rules.push({ domain: 'www.example.com', path: '/', targets: [] }),
      issues: [{ path: 'listeners[1].rules[2].id', message: 'duplicate rule id' }],
    },
    {
      name: 'good: one default rule',
      mutate: (s) => (s.listeners[1].rules[1].default = true),
      issues: [],
    },
    {
      name: 'bad: two default rules',
      mutate: (s) => {
        s.listeners[1].rules[0].default = true;
        s.listeners[1].rules[1].default = true;
      },
      issues: [
        {
          path: 'listeners[1].rules[1].default',
          message: 'only one rule per listener may be the default',
        },
      ],
    },
  ]);
});

describe('limits and listener layers', () => {
  const tcp = (i: number): Json => ({ id: `l-${i}`, protocol: 'TCP', port: 1000 + i });
  const targets = (n: number): Json[] =>
    Array.from({ length: n }, (_, i) => ({ instance: 'ins-b', port: 1000 + i }));
  run([
    {
      name: 'bad: no listener at all',
      mutate: (s) => (s.listeners = []),
      issues: [{ path: 'listeners', message: 'must hold at least one listener' }],
    },
    {
      name: 'good: 50 listeners',
      mutate: (s) => (s.listeners = Array.from({ length: 50 }, (_, i) => tcp(i))),
      issues: [],
    },
    {
      name: 'bad: 51 listeners',
      mutate: (s) => (s.listeners = Array.from({ length: 51 }, (_, i) => tcp(i))),
      issues: [{ path: 'listeners', message: 'at most 50 listeners (got 51)' }],
    },
    {
      name: 'good: 50 rules and 100 targets in a rule',
      mutate: (s) => {
        s.listeners[1].rules = Array.from({ length: 50 }, (_, i) => ({
          domain: `d${i}.example.com`,
          path: '/',
          targets: [],
        }));
        s.listeners[1].rules[0].targets = targets(100);
      },
      issues: [],
    },
    {
      name: 'bad: 51 rules',
      mutate: (s) => {
        s.listeners[1].rules = Array.from({ length: 51 }, (_, i) => ({
          domain: `d${i}.example.com`,
          path: '/',
          targets: [],
        }));
      },
      issues: [{ path: 'listeners[1].rules', message: 'at most 50 forwarding rules (got 51)' }],
    },
    {
      name: 'bad: 101 targets on a listener',
      mutate: (s) => (s.listeners[0].targets = targets(101)),
      issues: [{ path: 'listeners[0].targets', message: 'at most 100 targets (got 101)' }],
    },
    {
      name: 'bad: 101 targets on a rule',
      mutate: (s) => (s.listeners[1].rules[0].targets = targets(101)),
      issues: [
        {
          path: 'listeners[1].rules[0].targets',
          message: 'a rule has at most 100 targets (got 101)',
        },
      ],
    },
    {
      name: 'bad: a layer-4 listener with rules',
      mutate: (s) => (s.listeners[0].rules = s.listeners[1].rules),
      issues: [
        { path: 'listeners[0].rules', message: 'a layer-4 (TCP) listener holds targets directly' },
      ],
    },
    {
      name: 'bad: a layer-7 listener with direct targets',
      mutate: (s) => (s.listeners[1].targets = [{ instance: 'ins-c', port: 80 }]),
      issues: [
        { path: 'listeners[1].targets', message: 'holds targets in its rules, not directly' },
      ],
    },
    {
      name: 'bad: a layer-7 listener without rules',
      mutate: (s) => delete s.listeners[1].rules,
      issues: [{ path: 'listeners[1].rules', message: 'needs at least one forwarding rule' }],
    },
    {
      name: 'good: wildcard, regex and prefix patterns',
      mutate: (s) => {
        Object.assign(s.listeners[1].rules[0], { domain: '*.example.com', path: '^~/static/' });
        Object.assign(s.listeners[1].rules[1], {
          domain: '~^api\\d+\\.example\\.com$',
          path: '~*\\.jpg$',
        });
      },
      issues: [],
    },
    {
      name: 'bad: an invalid domain and an invalid path',
      mutate: (s) => Object.assign(s.listeners[1].rules[1], { domain: '*.*.com', path: 'img' }),
      issues: [
        { path: 'listeners[1].rules[1].domain', message: 'one "*" only' },
        { path: 'listeners[1].rules[1].path', message: 'a literal path starts with "/"' },
      ],
    },
  ]);
});

describe('ranges', () => {
  const l4 = 'listeners[0]';
  const l7 = 'listeners[1]';
  run([
    {
      name: 'good: weight 0 and 100',
      mutate: (s) => Object.assign(s.listeners[0].targets[0], { weight: 0 }),
      issues: [],
    },
    {
      name: 'bad: weight 101',
      mutate: (s) => (s.listeners[0].targets[0].weight = 101),
      issues: [
        { path: `${tcpTarget(0)}.weight`, message: 'must be an integer in 0..100 (got 101)' },
      ],
    },
    {
      name: 'bad: weight 2.5',
      mutate: (s) => (s.listeners[0].targets[0].weight = 2.5),
      issues: [
        { path: `${tcpTarget(0)}.weight`, message: 'must be an integer in 0..100 (got 2.5)' },
      ],
    },
    {
      name: 'bad: target port 0 and listener port 65536',
      mutate: (s) => {
        s.listeners[0].targets[0].port = 0;
        s.listeners[0].port = 65536;
      },
      issues: [
        { path: `${tcpTarget(0)}.port`, message: 'must be an integer in 1..65535 (got 0)' },
        { path: `${l4}.port`, message: 'must be an integer in 1..65535 (got 65536)' },
      ],
    },
    {
      name: 'good: layer-4 session 3600 s',
      mutate: (s) => (s.listeners[0].session = { timeoutSec: 3600 }),
      issues: [],
    },
    {
      name: 'bad: layer-4 session 3601 s',
      mutate: (s) => (s.listeners[0].session = { timeoutSec: 3601 }),
      issues: [
        {
          path: `${l4}.session.timeoutSec`,
          message: 'must be an integer in 30..3600 on a layer-4 listener',
        },
      ],
    },
    {
      name: 'bad: session 29 s',
      mutate: (s) => (s.listeners[0].session = { timeoutSec: 29 }),
      issues: [
        {
          path: `${l4}.session.timeoutSec`,
          message: 'must be an integer in 30..3600 (layer 4) or 30..86400 (layer 7) (got 29)',
        },
      ],
    },
    {
      name: 'good: layer-7 session 86400 s',
      mutate: (s) => (s.listeners[1].session = { timeoutSec: 86400 }),
      issues: [],
    },
    {
      name: 'bad: layer-7 rule session 86401 s',
      mutate: (s) => (s.listeners[1].rules[0].session = { timeoutSec: 86401 }),
      issues: [
        {
          path: `${l7}.rules[0].session.timeoutSec`,
          message: 'must be an integer in 30..3600 (layer 4) or 30..86400 (layer 7) (got 86401)',
        },
      ],
    },
    {
      name: 'good: health check at its bounds',
      mutate: (s) =>
        (s.listeners[0].healthCheck = {
          intervalSec: 300,
          timeoutSec: 60,
          healthyThreshold: 10,
          unhealthyThreshold: 2,
        }),
      issues: [],
    },
    {
      name: 'bad: health check out of range',
      mutate: (s) =>
        (s.listeners[0].healthCheck = {
          intervalSec: 1,
          timeoutSec: 61,
          healthyThreshold: 11,
          unhealthyThreshold: 1,
          enabled: 'yes',
        }),
      issues: [
        { path: `${l4}.healthCheck.intervalSec`, message: 'must be an integer in 2..300 (got 1)' },
        { path: `${l4}.healthCheck.timeoutSec`, message: 'must be an integer in 2..60 (got 61)' },
        {
          path: `${l4}.healthCheck.healthyThreshold`,
          message: 'must be an integer in 2..10 (got 11)',
        },
        {
          path: `${l4}.healthCheck.unhealthyThreshold`,
          message: 'must be an integer in 2..10 (got 1)',
        },
        { path: `${l4}.healthCheck.enabled`, message: 'must be true or false (got "yes")' },
      ],
    },
    {
      name: 'bad: health timeout not below the interval',
      mutate: (s) => (s.listeners[0].healthCheck = { intervalSec: 5, timeoutSec: 5 }),
      issues: [
        { path: `${l4}.healthCheck.timeoutSec`, message: 'must be smaller than the interval' },
      ],
    },
    {
      name: "bad: a rule's interval below the listener's timeout",
      mutate: (s) => {
        s.listeners[1].healthCheck = { timeoutSec: 10, intervalSec: 20 };
        s.listeners[1].rules[0].healthCheck = { intervalSec: 10 };
      },
      issues: [
        {
          path: `${l7}.rules[0].healthCheck.intervalSec`,
          message: 'timeoutSec 10, intervalSec 10',
        },
      ],
    },
    {
      name: 'good: reschedule on a layer-4 listener',
      mutate: (s) =>
        (s.listeners[0].reschedule = { onUnbind: true, onUnhealthy: true, windowSec: 3600 }),
      issues: [],
    },
    {
      name: 'bad: reschedule window 3601 s',
      mutate: (s) => (s.listeners[0].reschedule = { windowSec: 3601 }),
      issues: [
        { path: `${l4}.reschedule.windowSec`, message: 'must be an integer in 0..3600 (got 3601)' },
      ],
    },
    {
      name: 'bad: reschedule on a layer-7 listener',
      mutate: (s) => (s.listeners[1].reschedule = { onWeightZero: true }),
      issues: [{ path: `${l7}.reschedule`, message: 'layer-4 listeners only' }],
    },
    {
      name: 'bad: enumerations',
      mutate: (s) => {
        s.listeners[0].algorithm = 'fastest';
        s.listeners[0].protocol = 'QUIC';
        s.loadBalancer.type = 'external';
        s.instances[0].state = 'gone';
      },
      issues: [
        {
          path: `${l4}.algorithm`,
          // Long enumerations are cut after ten names.
          message: `must be one of ${ALGORITHMS.slice(0, 10)
            .map((a) => JSON.stringify(a))
            .join(', ')}, ... (${ALGORITHMS.length} in all) (got "fastest")`,
        },
        {
          path: `${l4}.protocol`,
          message: 'must be one of "TCP", "UDP", "TCP_SSL", "HTTP", "HTTPS" (got "QUIC")',
        },
        {
          path: 'loadBalancer.type',
          message: 'must be one of "public", "internal" (got "external")',
        },
        { path: 'instances[0].state', message: 'got "gone"' },
      ],
    },
    {
      name: 'bad: addresses',
      mutate: (s) => {
        s.loadBalancer.vip = '203.0.113';
        s.securityGroups[0].inbound[0].source = '10.0.0.0/33';
        s.securityGroups[0].inbound.push({ source: '::/0', port: '90-80', action: 'allow' });
      },
      issues: [
        {
          path: 'loadBalancer.vip',
          message:
            'must be an IPv4 address (lbsim evaluates security groups for IPv4 sources) (got "203.0.113")',
        },
        { path: 'securityGroups[0].inbound[0].source', message: 'CIDR block' },
        { path: 'securityGroups[0].inbound[1].port', message: 'N <= M (got "90-80")' },
      ],
    },
  ]);
});

describe('algorithm and persistence combinations', () => {
  run([
    {
      name: 'bad: layer-4 persistence with least connections',
      mutate: (s) =>
        Object.assign(s.listeners[0], { algorithm: 'wlc', session: { timeoutSec: 60 } }),
      issues: [
        {
          path: 'listeners[0].session',
          message: 'session persistence works with weighted round robin, not least connections',
        },
      ],
    },
    {
      name: 'good: layer-4 persistence with source-IP hash',
      mutate: (s) =>
        Object.assign(s.listeners[0], { algorithm: 'ip-hash', session: { timeoutSec: 60 } }),
      issues: [],
    },
    {
      name: 'good: persistence with maglev, ring hash, random, p2c',
      mutate: (s) => {
        s.listeners[1].session = { timeoutSec: 600 };
        s.listeners[1].rules[0].algorithm = 'maglev';
        s.listeners[1].rules[1].algorithm = 'ring-hash';
        s.listeners[0].session = { timeoutSec: 60 };
        s.listeners[0].algorithm = 'p2c';
      },
      issues: [],
    },
    {
      name: 'good: least connections without persistence',
      mutate: (s) => (s.listeners[1].algorithm = 'wlc'),
      issues: [],
    },
    {
      name: 'bad: cookie persistence with source-IP hash on a rule',
      mutate: (s) =>
        Object.assign(s.listeners[1].rules[1], {
          algorithm: 'ip-hash',
          session: { timeoutSec: 60 },
        }),
      issues: [
        {
          path: 'listeners[1].rules[1].session',
          message: 'cannot be combined with source-IP hash',
        },
      ],
    },
    {
      name: "bad: a rule's least connections with the listener's persistence",
      mutate: (s) => {
        s.listeners[1].session = { timeoutSec: 60 };
        s.listeners[1].rules[0].algorithm = 'wlc';
      },
      issues: [{ path: 'listeners[1].rules[0].algorithm', message: 'not least connections' }],
    },
    {
      name: 'good: a rule turning persistence off under a wlc listener',
      mutate: (s) => {
        Object.assign(s.listeners[1], { algorithm: 'wlc' });
        s.listeners[1].rules[0].session = null;
      },
      issues: [],
    },
  ]);
});

describe('traffic', () => {
  run([
    {
      name: 'good: a mix over a layer-4 listener and a layer-7 rule',
      mutate: (s) =>
        (s.traffic = {
          popularity: { zipf: 1.2 },
          mix: [
            { listener: 'tcp-80', weight: 2 },
            { listener: 'http-81', host: 'api.example.com', path: '/v1/users' },
          ],
        }),
      issues: [],
    },
    {
      name: 'bad: a mix entry naming no listener',
      mutate: (s) => (s.traffic = { mix: [{ listener: 'nope' }] }),
      issues: [{ path: 'traffic.mix[0].listener', message: 'no listener "nope"' }],
    },
    {
      name: 'bad: a layer-7 mix entry without host and path',
      mutate: (s) => (s.traffic = { mix: [{ listener: 'http-81' }] }),
      issues: [
        { path: 'traffic.mix[0].host', message: 'is required' },
        { path: 'traffic.mix[0].path', message: 'is required' },
      ],
    },
    {
      name: 'bad: a mix weight of 0',
      mutate: (s) => (s.traffic = { mix: [{ listener: 'tcp-80', weight: 0 }] }),
      issues: [
        { path: 'traffic.mix[0].weight', message: 'must be a number > 0 and <= 1e9 (got 0)' },
      ],
    },
    {
      name: 'good: a /20 holds 4096 clients',
      mutate: (s) => (s.traffic = { clients: 4096, clientCidr: '198.18.0.0/20' }),
      issues: [],
    },
    {
      name: 'bad: a /20 cannot hold 4097 clients',
      mutate: (s) => (s.traffic = { clients: 4097, clientCidr: '198.18.0.0/20' }),
      issues: [
        {
          path: 'traffic.clientCidr',
          message: 'holds 4096 addresses, fewer than traffic.clients (4097)',
        },
      ],
    },
    {
      name: 'bad: rates, popularity and client counts',
      mutate: (s) =>
        (s.traffic = {
          ratePerSec: 0,
          clients: 1.5,
          popularity: { zipf: -1 },
          connectionMs: 'long',
        }),
      issues: [
        { path: 'traffic.ratePerSec', message: 'got 0' },
        { path: 'traffic.clients', message: 'must be an integer in 1..' },
        { path: 'traffic.popularity', message: 'must be "uniform" or { "zipf": s }' },
        { path: 'traffic.connectionMs', message: 'must be a number > 0 and <= 1e12 (got "long")' },
      ],
    },
  ]);
});
