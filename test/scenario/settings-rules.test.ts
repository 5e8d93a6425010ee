/** Balancing settings: least request's own fields only with it; slow start only without hashing. */
/* eslint-disable @typescript-eslint/no-unsafe-return -- table cases change loosely typed JSON in one-line arrows */
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { estimateWork } from '../../src/scenario/work-estimate.js';
import { base, change, expectIssues, type Expected, type Json } from './fixtures.js';

interface Case {
  readonly name: string;
  readonly mutate: (s: Json) => unknown;
  readonly issues: readonly Expected[];
}

const tcp = (s: Json): Json => s.listeners[0];
const http = (s: Json): Json => s.listeners[1];

const CASES: readonly Case[] = [
  {
    name: 'good: least request with a bias and a choice count',
    mutate: (s) =>
      Object.assign(tcp(s), { algorithm: 'least-request', activeRequestBias: 0.5, choiceCount: 3 }),
    issues: [],
  },
  {
    name: 'bad: a bias on weighted round robin',
    mutate: (s) => Object.assign(tcp(s), { activeRequestBias: 1 }),
    issues: [
      {
        path: 'listeners[0].activeRequestBias',
        message: 'applies to algorithm "least-request" only; this listener uses "wrr"',
      },
    ],
  },
  {
    name: 'bad: a bias out of range, a choice count not an integer',
    mutate: (s) =>
      Object.assign(tcp(s), {
        algorithm: 'least-request',
        activeRequestBias: 11,
        choiceCount: 2.5,
      }),
    issues: [
      { path: 'listeners[0].activeRequestBias', message: 'must be a number in 0..10 (got 11)' },
      { path: 'listeners[0].choiceCount', message: 'must be an integer in 2..10 (got 2.5)' },
    ],
  },
  {
    name: 'bad: a rule’s own choice count with the listener’s default algorithm',
    mutate: (s) => (http(s).rules[1].choiceCount = 4),
    issues: [{ path: 'listeners[1].rules[1].choiceCount', message: 'this rule uses "wrr"' }],
  },
  {
    name: 'good: rules inherit least request and its settings from the listener',
    mutate: (s) => Object.assign(http(s), { algorithm: 'least-request', choiceCount: 4 }),
    issues: [],
  },
  {
    name: 'good: a rule with its own algorithm does not inherit the listener’s settings',
    mutate: (s) => {
      Object.assign(http(s), { algorithm: 'least-request', choiceCount: 4 });
      http(s).rules[0].algorithm = 'wrr';
    },
    issues: [],
  },
  {
    name: 'good: slow start with round robin',
    mutate: (s) => (tcp(s).slowStartSec = 30),
    issues: [],
  },
  {
    name: 'bad: slow start out of range',
    mutate: (s) => (tcp(s).slowStartSec = 3601),
    issues: [{ path: 'listeners[0].slowStartSec', message: 'must be an integer in 0..3600' }],
  },
  {
    name: 'bad: slow start with a hashing algorithm',
    mutate: (s) => Object.assign(tcp(s), { algorithm: 'maglev', slowStartSec: 30 }),
    issues: [{ path: 'listeners[0].slowStartSec', message: 'algorithm "maglev" hashes keys' }],
  },
  {
    name: 'bad: a rule with its own hashing algorithm under a listener’s slow start, once',
    mutate: (s) => {
      http(s).slowStartSec = 30;
      http(s).rules[1].algorithm = 'ring-hash';
    },
    issues: [{ path: 'listeners[1].rules[1].algorithm', message: 'slow start (slowStartSec 30)' }],
  },
  {
    name: 'good: slowStartSec 0 is off, with any algorithm',
    mutate: (s) => Object.assign(tcp(s), { algorithm: 'maglev', slowStartSec: 0 }),
    issues: [],
  },
];

describe('balancing settings', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const scenario = change(base(), c.mutate);
    if (c.issues.length === 0) expect(() => validateScenario(scenario)).not.toThrow();
    else expectIssues(scenario, c.issues);
  });

  it('fills rules from the listener and accepts its own output unchanged', () => {
    const json = change(base(), (s) => {
      Object.assign(http(s), { algorithm: 'least-request', choiceCount: 4, slowStartSec: 20 });
      http(s).rules[0].algorithm = 'wrr';
    });
    const scenario = validateScenario(json);
    const [own, inherited] = scenario.listeners[1]!.rules;
    expect([own!.choiceCount, own!.slowStartSec]).toEqual([undefined, 20]);
    expect([inherited!.choiceCount, inherited!.slowStartSec]).toEqual([4, 20]);
    expect(validateScenario(scenario)).toEqual(scenario);
    // Absent settings stay absent.
    expect('slowStartSec' in validateScenario(base()).listeners[0]!).toBe(false);
  });

  it('counts the weight updates of slow-start ramps in the work estimate', () => {
    const json = change(base(), (s) => {
      s.events = [
        { atSec: 10, op: 'bind', listener: 'tcp-80', targets: [{ instance: 'ins-c', port: 8080 }] },
      ];
    });
    const plain = estimateWork(validateScenario(json));
    const ramped = estimateWork(validateScenario(change(json, (s) => (tcp(s).slowStartSec = 60))));
    // One first build and one bind with its healthy verdict, each may ramp in 20 steps (+1).
    expect(ramped.rebuilds - plain.rebuilds).toBe(3 * 21);
  });
});
