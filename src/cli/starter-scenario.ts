/**
 * The scenario `lbsim init` writes: small, commented (JSON has no comments, so the notes are in
 * `description` and `_comment` keys, which lbsim accepts anywhere and ignores), valid and quick to
 * run. A test validates and runs it.
 */

/** The starter scenario, as written to the file. */
export const STARTER_SCENARIO = {
  $schema: './node_modules/lbsim/scenario.schema.json',
  description:
    'Starter scenario: one TCP listener spreading traffic over three backends, one of which is drained half-way. Edit it, then: lbsim validate scenario.json && lbsim run scenario.json',
  _comment:
    'Notes go in "description" or in keys starting with "_" or "x-"; any other unknown field is an error. Every field not given takes its default (README: Scenario reference).',
  seed: 'starter',
  durationSec: 120,
  loadBalancer: {
    _comment: 'The load balancer: its VIP must be IPv4; backends must be in its VPC (same-vpc).',
    id: 'lb-1',
    region: 'ap-guangzhou',
    vpcId: 'vpc-1',
    vip: '203.0.113.10',
  },
  instances: [
    {
      id: 'ins-a',
      region: 'ap-guangzhou',
      vpcId: 'vpc-1',
      privateIp: '10.0.0.11',
      securityGroups: ['sg-web'],
    },
    {
      id: 'ins-b',
      region: 'ap-guangzhou',
      vpcId: 'vpc-1',
      privateIp: '10.0.0.12',
      securityGroups: ['sg-web'],
    },
    {
      id: 'ins-c',
      region: 'ap-guangzhou',
      vpcId: 'vpc-1',
      privateIp: '10.0.0.13',
      securityGroups: ['sg-web'],
    },
  ],
  securityGroups: [
    {
      _comment: 'Inbound rules, first match decides; health probes come from the VIP.',
      id: 'sg-web',
      inbound: [{ source: '0.0.0.0/0', port: '8080', action: 'allow' }],
    },
  ],
  listeners: [
    {
      _comment:
        'algorithm: wrr, wlc, ip-hash, maglev, ring-hash, random, p2c or a dialect (lbsim compare tries them all).',
      id: 'tcp-80',
      protocol: 'TCP',
      port: 80,
      algorithm: 'wrr',
      healthCheck: { intervalSec: 5, timeoutSec: 2, healthyThreshold: 3, unhealthyThreshold: 3 },
      targets: [
        {
          _comment: 'A target id is <instance>:<port>, here ins-a:8080.',
          instance: 'ins-a',
          port: 8080,
          weight: 10,
        },
        { instance: 'ins-b', port: 8080, weight: 10 },
        { instance: 'ins-c', port: 8080, weight: 20 },
      ],
    },
  ],
  traffic: {
    _comment: 'Poisson arrivals from clients with uniform or { "zipf": s } popularity.',
    ratePerSec: 500,
    clients: 1000,
    popularity: 'uniform',
    connectionMs: 200,
  },
  events: [
    {
      description: 'Drain ins-c at 60 s: new requests go to ins-a and ins-b.',
      atSec: 60,
      op: 'setWeight',
      listener: 'tcp-80',
      target: 'ins-c:8080',
      weight: 0,
    },
  ],
} as const;
