/** Events are checked in time order against the evolving target sets of listeners and rules. */
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { base, change, expectIssues, type Expected, type Json } from './fixtures.js';

interface Case {
  readonly name: string;
  readonly events: readonly Json[];
  readonly issues: readonly Expected[];
  readonly mutate?: (s: Json) => unknown;
}

function run(cases: readonly Case[]): void {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const scenario = change(base(), (s) => {
      s.events = c.events;
      c.mutate?.(s);
    });
    if (c.issues.length === 0) expect(() => validateScenario(scenario)).not.toThrow();
    else expectIssues(scenario, c.issues);
  });
}

const L4 = { listener: 'tcp-80' };
const API = { listener: 'http-81', rule: 'api' };

describe('event references', () => {
  run([
    {
      name: 'good: setWeight on one target and on many (layer 4 and a layer-7 rule)',
      events: [
        { atSec: 10, op: 'setWeight', ...L4, target: 'ins-a:8080', weight: 0 },
        { atSec: 20, op: 'setWeight', ...L4, targets: ['ins-a:8080', 'ins-b:8080'], weight: 50 },
        { atSec: 30, op: 'setWeight', ...API, target: 'ins-a:81', weight: 5 },
      ],
      issues: [],
    },
    {
      name: 'bad: an unknown listener',
      events: [{ atSec: 10, op: 'setWeight', listener: 'tcp-99', target: 'ins-a:8080', weight: 0 }],
      issues: [{ path: 'events[0].listener', message: 'no listener "tcp-99"' }],
    },
    {
      name: 'bad: an unknown target, reported at the event path',
      events: [
        { atSec: 1, op: 'down', instance: 'ins-a' },
        { atSec: 2, op: 'up', instance: 'ins-a' },
        { atSec: 3, op: 'down', instance: 'ins-b' },
        { atSec: 10, op: 'setWeight', ...L4, target: 'ins-z:80', weight: 0 },
      ],
      issues: [{ path: 'events[3].target', message: 'no target "ins-z:80" on listener "tcp-80"' }],
    },
    {
      name: 'bad: an unknown target in a list',
      events: [{ atSec: 10, op: 'unbind', ...L4, targets: ['ins-a:8080', 'ins-a:9'] }],
      issues: [{ path: 'events[0].targets[1]', message: 'no target "ins-a:9"' }],
    },
    {
      name: 'bad: a layer-7 event without a rule',
      events: [{ atSec: 10, op: 'setWeight', listener: 'http-81', target: 'ins-a:81', weight: 1 }],
      issues: [
        {
          path: 'events[0].rule',
          message:
            'is required: listener "http-81" is layer 7 (HTTP); name one of its rules ("www.example.com/", "api")',
        },
      ],
    },
    {
      name: 'bad: an unknown rule',
      events: [
        {
          atSec: 10,
          op: 'setWeight',
          listener: 'http-81',
          rule: 'img',
          target: 'ins-a:81',
          weight: 1,
        },
      ],
      issues: [{ path: 'events[0].rule', message: 'no rule "img" on listener "http-81"' }],
    },
    {
      name: 'bad: a rule on a layer-4 listener',
      events: [{ atSec: 10, op: 'setWeight', ...L4, rule: 'api', target: 'ins-a:8080', weight: 1 }],
      issues: [{ path: 'events[0].rule', message: 'is layer 4 (TCP) and has no rules' }],
    },
    {
      name: 'bad: both target and targets, then neither',
      events: [
        { atSec: 10, op: 'unbind', ...L4, target: 'ins-a:8080', targets: ['ins-b:8080'] },
        { atSec: 11, op: 'unbind', ...L4 },
      ],
      issues: [
        { path: 'events[0]', message: 'give "target" (one id) or "targets" (a list), not both' },
        { path: 'events[1].targets', message: 'is required' },
      ],
    },
    {
      name: 'bad: an event after the end of the run, and one before its start',
      events: [
        { atSec: 601, op: 'down', instance: 'ins-a' },
        { atSec: -1, op: 'up', instance: 'ins-a' },
      ],
      issues: [
        { path: 'events[0].atSec', message: 'must be in 0..600' },
        { path: 'events[1].atSec', message: 'must be a number in 0..1e10 (got -1)' },
      ],
    },
    {
      name: 'bad: an unknown op',
      events: [{ atSec: 1, op: 'reboot', instance: 'ins-a' }],
      issues: [{ path: 'events[0].op', message: 'must be one of "setWeight", "setPort", "bind"' }],
    },
    {
      name: 'bad: an unknown instance and security group',
      events: [
        { atSec: 1, op: 'down', instance: 'ins-q' },
        { atSec: 2, op: 'setSecurityGroup', securityGroup: 'sg-q', inbound: [] },
      ],
      issues: [
        { path: 'events[0].instance', message: 'no instance "ins-q"' },
        { path: 'events[1].securityGroup', message: 'no security group "sg-q"' },
      ],
    },
    {
      name: 'good: setSecurityGroup with new rules',
      events: [
        {
          atSec: 5,
          op: 'setSecurityGroup',
          securityGroup: 'sg-web',
          inbound: [{ source: '100.64.0.0/10', port: 8080, action: 'drop' }],
        },
      ],
      issues: [],
    },
  ]);
});

describe('the evolving target set', () => {
  run([
    {
      name: 'good: events listed out of order are replayed in time order',
      events: [
        { atSec: 100, op: 'setWeight', ...L4, target: 'ins-c:9000', weight: 5 },
        { atSec: 50, op: 'bind', ...L4, port: 9000, targets: [{ instance: 'ins-c' }] },
      ],
      issues: [],
    },
    {
      name: 'bad: a target used before it is bound',
      events: [
        { atSec: 50, op: 'setWeight', ...L4, target: 'ins-c:9000', weight: 5 },
        { atSec: 100, op: 'bind', ...L4, port: 9000, targets: [{ instance: 'ins-c' }] },
      ],
      issues: [{ path: 'events[0].target', message: 'no target "ins-c:9000"' }],
    },
    {
      name: 'bad: a target used after it is unbound',
      events: [
        { atSec: 50, op: 'unbind', ...L4, target: 'ins-a:8080' },
        { atSec: 50, op: 'setWeight', ...L4, target: 'ins-a:8080', weight: 5 },
      ],
      issues: [{ path: 'events[1].target', message: 'no target "ins-a:8080"' }],
    },
    {
      name: 'good: setPort renames ins:8080 to ins:8081',
      events: [
        { atSec: 10, op: 'setPort', ...L4, targets: ['ins-a:8080', 'ins-b:8080'], port: 8081 },
        { atSec: 20, op: 'setWeight', ...L4, target: 'ins-b:8081', weight: 1 },
      ],
      issues: [],
    },
    {
      name: 'bad: the old id is gone after setPort',
      events: [
        { atSec: 10, op: 'setPort', ...L4, target: 'ins-a:8080', port: 8081 },
        { atSec: 20, op: 'setWeight', ...L4, target: 'ins-a:8080', weight: 1 },
      ],
      issues: [{ path: 'events[1].target', message: 'no target "ins-a:8080"' }],
    },
    {
      name: 'bad: setPort onto a port already bound',
      events: [
        { atSec: 5, op: 'bind', ...L4, targets: [{ instance: 'ins-a', port: 9000 }] },
        { atSec: 10, op: 'setPort', ...L4, target: 'ins-a:8080', port: 9000 },
      ],
      issues: [{ path: 'events[1].target', message: 'would clash with "ins-a:9000"' }],
    },
    {
      name: 'bad: binding a target that is already bound',
      events: [{ atSec: 5, op: 'bind', ...L4, targets: [{ instance: 'ins-a', port: 8080 }] }],
      issues: [
        {
          path: 'events[0].targets[0]',
          message: 'target "ins-a:8080" is already bound to listener "tcp-80"',
        },
      ],
    },
    {
      name: 'bad: binding breaks the binding rules',
      mutate: (s) => (s.instances[2].state = 'isolated'),
      events: [{ atSec: 5, op: 'bind', ...API, targets: [{ instance: 'ins-c', port: 1 }] }],
      issues: [
        { path: 'listeners[1].rules[0].targets[0].instance', message: 'is isolated' },
        { path: 'events[0].targets[0].instance', message: 'is isolated' },
      ],
    },
    {
      name: 'bad: a bind target without a port, and the event gives none',
      events: [{ atSec: 5, op: 'bind', ...L4, targets: [{ instance: 'ins-c' }] }],
      issues: [{ path: 'events[0].targets[0].port', message: 'is required' }],
    },
    {
      name: 'bad: binding past 100 targets',
      events: [
        {
          atSec: 5,
          op: 'bind',
          ...L4,
          weight: 3,
          targets: Array.from({ length: 99 }, (_, i) => ({ instance: 'ins-c', port: 1000 + i })),
        },
      ],
      issues: [
        {
          path: 'events[0].targets',
          message: 'listener "tcp-80" would have 101 targets; the limit is 100',
        },
      ],
    },
    {
      name: 'good: release unbinds the instance targets everywhere',
      events: [
        { atSec: 10, op: 'release', instance: 'ins-a' },
        { atSec: 20, op: 'setWeight', ...L4, target: 'ins-b:8080', weight: 1 },
      ],
      issues: [],
    },
    {
      name: 'bad: using a released instance and its targets',
      events: [
        { atSec: 10, op: 'release', instance: 'ins-a' },
        { atSec: 20, op: 'setWeight', ...API, target: 'ins-a:81', weight: 1 },
        { atSec: 30, op: 'up', instance: 'ins-a' },
        { atSec: 40, op: 'bind', ...L4, targets: [{ instance: 'ins-a', port: 1 }] },
      ],
      issues: [
        { path: 'events[1].target', message: 'no target "ins-a:81"' },
        { path: 'events[2].instance', message: 'instance "ins-a" was released at 10 s' },
        { path: 'events[3].targets[0]', message: 'was released at 10 s and cannot be bound' },
      ],
    },
    {
      name: "good: under non-VPC IPs another region's target stays bound after release",
      mutate: (s) => {
        s.loadBalancer.backendMode = 'non-vpc-ips';
        s.instances[0].region = 'ap-beijing';
      },
      events: [
        { atSec: 10, op: 'release', instance: 'ins-a' },
        { atSec: 20, op: 'setWeight', ...L4, target: 'ins-a:8080', weight: 0 },
      ],
      issues: [],
    },
    {
      name: 'good: scale adds and removes instances',
      events: [
        {
          atSec: 10,
          op: 'scale',
          ...L4,
          port: 8080,
          add: [{ id: 'ins-n', privateIp: '10.0.0.50', securityGroups: ['sg-web'] }],
        },
        { atSec: 20, op: 'setWeight', ...L4, target: 'ins-n:8080', weight: 30 },
        { atSec: 30, op: 'scale', ...L4, port: 8080, remove: ['ins-n', 'ins-a'] },
        { atSec: 40, op: 'down', instance: 'ins-n' },
      ],
      issues: [],
    },
    {
      name: 'bad: scale problems',
      events: [
        {
          atSec: 10,
          op: 'scale',
          ...L4,
          port: 8080,
          add: [{ id: 'ins-b', privateIp: '10.0.0.50' }],
        },
        {
          atSec: 11,
          op: 'scale',
          ...L4,
          port: 8080,
          add: [{ id: 'ins-m', privateIp: '10.0.0.51', securityGroups: ['sg-x'] }],
        },
        { atSec: 20, op: 'scale', ...L4, port: 8080, remove: ['ins-c'] },
        { atSec: 30, op: 'scale', ...L4, port: 8080 },
      ],
      issues: [
        { path: 'events[0].add[0].id', message: 'instance "ins-b" already exists' },
        { path: 'events[1].add[0].securityGroups[0]', message: 'no security group "sg-x"' },
        {
          path: 'events[2].remove[0]',
          message: 'instance "ins-c" has no target on listener "tcp-80"',
        },
        { path: 'events[3]', message: 'needs "add"' },
      ],
    },
    {
      name: 'malformed bind: only its own problem is reported, not the targets it would have added',
      events: [
        { atSec: 5, op: 'bind', ...L4, targets: [{ instance: 'ins-c', port: 'x' }] },
        { atSec: 9, op: 'setWeight', ...L4, target: 'ins-c:9', weight: 1 },
      ],
      issues: [
        { path: 'events[0].targets[0].port', message: 'must be an integer in 1..65535 (got "x")' },
      ],
    },
  ]);
});

describe('event normalisation', () => {
  it('returns events in time order (stable), with target lists and full bind targets', () => {
    const s = change(base(), (j) => {
      j.events = [
        {
          atSec: 30,
          op: 'bind',
          ...L4,
          port: 9000,
          weight: 7,
          targets: [{ instance: 'ins-c' }, { instance: 'ins-b', weight: 1 }],
        },
        { atSec: 10, op: 'setWeight', ...API, target: 'ins-a:81', weight: 0 },
        { atSec: 10, op: 'down', instance: 'ins-a' },
        {
          atSec: 40,
          op: 'scale',
          ...L4,
          port: 8080,
          add: [{ id: 'ins-n', privateIp: '10.0.0.50' }],
        },
      ];
    });
    expect(validateScenario(s).events).toEqual([
      {
        atSec: 10,
        op: 'setWeight',
        listener: 'http-81',
        rule: 'api',
        targets: ['ins-a:81'],
        weight: 0,
      },
      { atSec: 10, op: 'down', instance: 'ins-a' },
      {
        atSec: 30,
        op: 'bind',
        listener: 'tcp-80',
        targets: [
          { kind: 'instance', id: 'ins-c:9000', instance: 'ins-c', port: 9000, weight: 7 },
          { kind: 'instance', id: 'ins-b:9000', instance: 'ins-b', port: 9000, weight: 1 },
        ],
      },
      {
        atSec: 40,
        op: 'scale',
        listener: 'tcp-80',
        add: [{ id: 'ins-n', privateIp: '10.0.0.50', securityGroups: [] }],
        remove: [],
        port: 8080,
        weight: 10,
      },
    ]);
  });
});
