/**
 * Validation of the cloud around the balancer: creation date, health-check port, zones, ENIs,
 * security-group bindings, binding modes and the balancer's own security group.
 */
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { base, change, expectIssues } from './fixtures.js';

describe('loadBalancer.createdAt', () => {
  it('is an ISO date, kept as written', () => {
    const s = change(base(), (x) => (x.loadBalancer.createdAt = '2016-11-30'));
    expect(validateScenario(s).loadBalancer.createdAt).toBe('2016-11-30');
    expect(validateScenario(base()).loadBalancer.createdAt).toBeUndefined();
  });

  it('refuses what is not a calendar date, at its path', () => {
    for (const bad of ['2016-13-01', '2016-02-30', '5 Dec 2016', 20161205]) {
      expectIssues(
        change(base(), (x) => (x.loadBalancer.createdAt = bad)),
        [{ path: 'loadBalancer.createdAt', message: 'must be an ISO date' }],
      );
    }
  });
});

describe('healthCheck.port', () => {
  it('is a port, inherited by rules from their listener unless they set their own', () => {
    const s = change(base(), (x) => {
      x.listeners[0].healthCheck = { port: 9000 };
      x.listeners[1].healthCheck = { port: 9001 };
      x.listeners[1].rules[1].healthCheck = { port: 9002 };
    });
    const v = validateScenario(s);
    expect(v.listeners[0]!.healthCheck.port).toBe(9000);
    expect(v.listeners[1]!.rules.map((r) => r.healthCheck.port)).toEqual([9001, 9002]);
    expect(validateScenario(base()).listeners[0]!.healthCheck.port).toBeUndefined();
    expectIssues(
      change(base(), (x) => (x.listeners[0].healthCheck = { port: 0 })),
      [{ path: 'listeners[0].healthCheck.port', message: 'must be an integer in 1..65535' }],
    );
  });
});

describe('zones', () => {
  it('an instance zone is a zone of its region; events name a zone some instance is in', () => {
    const zoned = change(base(), (x) => {
      x.instances[0].zone = 'ap-guangzhou-3';
      x.instances[1].zone = 'ap-guangzhou-4';
    });
    expect(validateScenario(zoned).instances[0]!.zone).toBe('ap-guangzhou-3');
    expectIssues(
      change(zoned, (x) => {
        x.instances[2].zone = 'ap-shanghai-2';
        x.events = [
          { atSec: 1, op: 'zoneDown', zone: 'ap-guangzhou-3' },
          { atSec: 2, op: 'zoneUp', zone: 'ap-guangzhou-9' },
        ];
      }),
      [
        {
          path: 'instances[2].zone',
          message: 'must be a zone of the instance\'s region "ap-guangzhou"',
        },
        { path: 'events[1].zone', message: 'no instance is in zone "ap-guangzhou-9"' },
      ],
    );
    for (const bad of ['ap-guangzhou', 'ap-guangzhou-', 'ap-guangzhou-0', 'ap-guangzhou-x']) {
      expectIssues(
        change(base(), (x) => (x.instances[0].zone = bad)),
        [{ path: 'instances[0].zone', message: 'such as "ap-guangzhou-3"' }],
      );
    }
  });
});

describe('ENI targets', () => {
  it("refuse the primary IP of the instance's primary NIC, in targets and bind events", () => {
    const primary = change(base(), (x) => {
      x.instances[0].enis = [{ id: 'eni-1', ips: ['10.0.0.11', '10.0.0.21'] }];
      x.listeners[0].targets.push({ eni: 'eni-1', ip: '10.0.0.21', port: 8080 });
    });
    expect(() => validateScenario(primary)).not.toThrow();
    expectIssues(
      change(primary, (x) => {
        x.listeners[0].targets.push({ eni: 'eni-1', ip: '10.0.0.11', port: 8081 });
        x.events = [
          {
            atSec: 1,
            op: 'bind',
            listener: 'tcp-80',
            targets: [{ eni: 'eni-1', ip: '10.0.0.11', port: 9000 }],
          },
        ];
      }),
      [
        {
          path: 'listeners[0].targets[3].ip',
          message: 'is the primary private IP of instance "ins-a"',
        },
        { path: 'events[0].targets[0].ip', message: 'bind it as { "instance": "ins-a" }' },
      ],
    );
  });
});

describe('bindSecurityGroup and unbindSecurityGroup', () => {
  it('name a known instance and group, bound (unbind) or not yet bound (bind) at that time', () => {
    const s = change(base(), (x) => {
      x.securityGroups.push({ id: 'sg-2', inbound: [] });
      x.events = [
        { atSec: 1, op: 'bindSecurityGroup', instance: 'ins-a', securityGroup: 'sg-2' },
        { atSec: 2, op: 'bindSecurityGroup', instance: 'ins-a', securityGroup: 'sg-2' },
        { atSec: 3, op: 'unbindSecurityGroup', instance: 'ins-b', securityGroup: 'sg-2' },
        { atSec: 4, op: 'bindSecurityGroup', instance: 'nope', securityGroup: 'sg-2' },
        { atSec: 5, op: 'bindSecurityGroup', instance: 'ins-b', securityGroup: 'sg-x' },
        { atSec: 6, op: 'unbindSecurityGroup', instance: 'ins-a', securityGroup: 'sg-2' },
      ];
    });
    expectIssues(s, [
      {
        path: 'events[1].securityGroup',
        message: 'is already bound to instance "ins-a" (its groups then: "sg-web", "sg-2")',
      },
      { path: 'events[2].securityGroup', message: 'is not bound to instance "ins-b"' },
      { path: 'events[3].instance', message: 'no instance "nope"' },
      { path: 'events[4].securityGroup', message: 'no security group "sg-x"' },
    ]);
  });
});
