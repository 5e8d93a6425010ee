/** Scenario fixtures for the scenario tests: the SPEC's example and small helpers to change it. */
import { expect } from 'vitest';
import { ScenarioError, type Issue } from '../../src/errors.js';
import { validateScenario, type ValidateOptions } from '../../src/scenario/validate-scenario.js';

/** A JSON object as tests write it (loosely typed: tests reach deep into it to break things). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** The example scenario of SPEC section 3, verbatim. */
export const SPEC_EXAMPLE: Json = {
  seed: 'demo',
  durationSec: 600,
  loadBalancer: {
    id: 'lb-1',
    region: 'ap-guangzhou',
    type: 'public',
    network: 'vpc',
    vpcId: 'vpc-1',
    vip: '203.0.113.10',
    kind: 'standard',
    backendMode: 'same-vpc',
    snatIps: [],
  },
  instances: [
    {
      id: 'ins-a',
      region: 'ap-guangzhou',
      vpcId: 'vpc-1',
      privateIp: '10.0.0.11',
      state: 'running',
      bandwidthMbps: 10,
      securityGroups: ['sg-web'],
      enis: [{ id: 'eni-1', ips: ['10.0.0.21'] }],
    },
  ],
  securityGroups: [
    { id: 'sg-web', inbound: [{ source: '0.0.0.0/0', port: '8080', action: 'allow' }] },
  ],
  listeners: [
    {
      id: 'tcp-80',
      protocol: 'TCP',
      port: 80,
      algorithm: 'wrr',
      session: { timeoutSec: 60 },
      healthCheck: { intervalSec: 5, timeoutSec: 2, healthyThreshold: 3, unhealthyThreshold: 3 },
      targets: [{ instance: 'ins-a', port: 8080, weight: 10 }],
    },
  ],
  traffic: { ratePerSec: 1000, clients: 5000, popularity: 'uniform', connectionMs: 200 },
  events: [
    { atSec: 120, op: 'setWeight', listener: 'tcp-80', target: 'ins-a:8080', weight: 0 },
    { atSec: 200, op: 'down', instance: 'ins-a' },
  ],
};

/** A minimal valid scenario: the load balancer, three instances, one TCP and one HTTP listener. */
export function base(): Json {
  const instance = (id: string, ip: string): Json => ({
    id,
    region: 'ap-guangzhou',
    vpcId: 'vpc-1',
    privateIp: ip,
    securityGroups: ['sg-web'],
  });
  return {
    durationSec: 600,
    loadBalancer: {
      id: 'lb-1',
      region: 'ap-guangzhou',
      vpcId: 'vpc-1',
      vip: '203.0.113.10',
    },
    instances: [
      {
        ...instance('ins-a', '10.0.0.11'),
        enis: [{ id: 'eni-1', ips: ['10.0.0.21', '10.0.0.22'] }],
      },
      instance('ins-b', '10.0.0.12'),
      instance('ins-c', '10.0.0.13'),
    ],
    securityGroups: [
      { id: 'sg-web', inbound: [{ source: '0.0.0.0/0', port: 'ALL', action: 'allow' }] },
    ],
    listeners: [
      {
        id: 'tcp-80',
        protocol: 'TCP',
        port: 80,
        targets: [
          { instance: 'ins-a', port: 8080 },
          { instance: 'ins-b', port: 8080 },
        ],
      },
      {
        id: 'http-81',
        protocol: 'HTTP',
        port: 81,
        rules: [
          { domain: 'www.example.com', path: '/', targets: [{ instance: 'ins-c', port: 80 }] },
          {
            id: 'api',
            domain: 'api.example.com',
            path: '/',
            targets: [{ instance: 'ins-a', port: 81 }],
          },
        ],
      },
    ],
  };
}

/** A changed copy of a scenario. */
export function change(scenario: Json, mutate: (s: Json) => void): Json {
  const copy = structuredClone(scenario);
  mutate(copy);
  return copy;
}

/** The issues `validateScenario` reports (fails the test when it throws anything else). */
export function issuesOf(json: unknown, options?: ValidateOptions): readonly Issue[] {
  try {
    validateScenario(json, options);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return (error as ScenarioError).issues;
  }
}

/** Expected issue: exact path, and a fragment of the message. */
export interface Expected {
  readonly path: string;
  readonly message: string | RegExp;
}

/** Asserts the scenario yields exactly these issues (in any order). */
export function expectIssues(
  json: unknown,
  expected: readonly Expected[],
  options?: ValidateOptions,
): void {
  const issues = issuesOf(json, options);
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('\n');
  expect(issues.length, summary).toBe(expected.length);
  for (const e of expected) {
    const found = issues.some(
      (i) =>
        i.path === e.path &&
        (typeof e.message === 'string' ? i.message.includes(e.message) : e.message.test(i.message)),
    );
    expect(found, `expected ${e.path}: ${String(e.message)}\ngot:\n${summary}`).toBe(true);
  }
}
