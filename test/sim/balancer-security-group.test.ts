/** `loadBalancer.securityGroups`: rules at the balancer, before any rule or target is chosen. */
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/errors.js';
import { BalancerGuard } from '../../src/listener/balancer-guard.js';
import { parseIpv4 } from '../../src/network/address.js';
import { renderTable } from '../../src/report/render-table.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { simulate } from '../../src/sim/simulate.js';
import { tcpScenario, type Json } from './scenarios.js';

/** The first 256 of the clients (100.64.0.0/24) are dropped on port 80, everyone else allowed. */
const SG_LB = {
  id: 'sg-lb',
  inbound: [
    { source: '100.64.0.0/24', port: '80', action: 'drop' },
    { source: '0.0.0.0/0', port: 'ALL', action: 'allow' },
  ],
};

/** The TCP scenario with the load balancer's groups and extra groups. */
function guarded(groups: readonly string[], more: Json = {}): Json {
  const s = tcpScenario([10, 10], { traffic: { ratePerSec: 1000, clients: 1024 }, ...more });
  return {
    ...s,
    loadBalancer: { ...(s['loadBalancer'] as Json), securityGroups: groups },
    securityGroups: [...(s['securityGroups'] as Json[]), SG_LB],
  };
}

describe('load-balancer security groups', () => {
  it('refuses the clients they drop at the balancer: unserved, per listener, never at a target', async () => {
    const report = await simulate(guarded(['sg-lb']));
    const refused = report.unservedBy.find((u) => u.reason === 'refused-at-balancer');
    expect(refused?.listener).toBe('tcp-80');
    expect(refused?.rule).toBeUndefined();
    // A quarter of the clients, uniformly popular: a quarter of the requests (4 sigma ≈ 0.7 %).
    expect(Math.abs(refused!.requests / report.requests - 0.25)).toBeLessThan(0.01);
    const forwarded = report.servers.reduce((n, s) => n + s.requests, 0);
    expect(forwarded + report.unserved).toBe(report.requests);
    expect(report.unserved).toBe(refused!.requests);
    // The targets' own groups never saw them: nothing blocked there.
    expect(report.servers.every((s) => s.blocked === 0)).toBe(true);
    expect(renderTable(report)).toContain("tcp-80: refused by the load balancer's security groups");
  });

  it('are checked on the listener port: a rule for another port does not apply', async () => {
    const s = guarded(['sg-lb']);
    const listener = (s['listeners'] as Json[])[0]!;
    listener['port'] = 81;
    const report = await simulate(s);
    expect(report.unservedBy).toEqual([]);
  });

  it('without groups nothing is refused there (today’s behaviour)', async () => {
    for (const groups of [undefined, []]) {
      const s = guarded([]);
      (s['loadBalancer'] as Json)['securityGroups'] = groups;
      const report = await simulate(s);
      expect(report.unserved).toBe(0);
    }
  });

  it('follow setSecurityGroup: rewriting the group at 30 s lets everyone in from then on', async () => {
    const allowAll = [{ source: '0.0.0.0/0', port: 'ALL', action: 'allow' }];
    const report = await simulate(
      guarded(['sg-lb'], {
        events: [{ atSec: 30, op: 'setSecurityGroup', securityGroup: 'sg-lb', inbound: allowAll }],
      }),
    );
    const refused = report.unservedBy.find((u) => u.reason === 'refused-at-balancer')!;
    // Half the run at a quarter refused: an eighth.
    expect(Math.abs(refused.requests / report.requests - 0.125)).toBeLessThan(0.01);
  });

  it('come before layer-7 routing: a refused request is not a 404', async () => {
    // One HTTP listener whose only rule matches `/` exactly: every request that passes is a 404.
    const s = guarded(['sg-lb']);
    s['listeners'] = [
      {
        id: 'http-80',
        protocol: 'HTTP',
        port: 80,
        rules: [
          { domain: 'www.example.com', path: '=/', targets: [{ instance: 'ins-0', port: 8080 }] },
        ],
      },
    ];
    s['traffic'] = {
      ...(s['traffic'] as Json),
      mix: [{ listener: 'http-80', host: 'www.example.com', path: '/x' }],
    };
    const report = await simulate(s);
    const reasons = Object.fromEntries(report.unservedBy.map((u) => [u.reason, u.requests]));
    expect(reasons['refused-at-balancer']! + reasons['no-rule-matched']!).toBe(report.requests);
    expect(Math.abs(reasons['refused-at-balancer']! / report.requests - 0.25)).toBeLessThan(0.01);
    expect(report.unservedBy[0]!.reason).toBe('refused-at-balancer');
  });

  it('validation: each group exists and is listed once', () => {
    const found = (groups: string[]): string[] => {
      try {
        validateScenario(guarded(groups));
        return [];
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e;
        return e.issues.map((i) => `${i.path}: ${i.message}`);
      }
    };
    expect(found(['sg-lb'])).toEqual([]);
    expect(found(['sg-lb', 'sg-nope'])).toEqual([
      'loadBalancer.securityGroups[1]: no security group "sg-nope"',
    ]);
    expect(found(['sg-lb', 'sg-lb'])).toEqual([
      'loadBalancer.securityGroups[1]: lists security group "sg-lb" twice',
    ]);
  });
});

describe('BalancerGuard', () => {
  it('evaluates the groups in order, first match decides, per listener port', () => {
    const groups = new Map([
      ['a', { inbound: [{ source: '10.0.0.0/8', port: '80', action: 'drop' as const }] }],
      ['b', { inbound: [{ source: '0.0.0.0/0', port: 'ALL', action: 'allow' as const }] }],
    ]);
    const guard = new BalancerGuard([80, 443], ['a', 'b'], (id) => groups.get(id));
    expect(guard.admits(0, parseIpv4('10.1.2.3'))).toBe(false);
    expect(guard.admits(1, parseIpv4('10.1.2.3'))).toBe(true);
    expect(guard.admits(0, parseIpv4('192.0.2.1'))).toBe(true);
    groups.set('a', { inbound: [] });
    guard.rulesChanged('a');
    expect(guard.admits(0, parseIpv4('10.1.2.3'))).toBe(true);
  });
});
