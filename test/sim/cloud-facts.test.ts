/**
 * The cloud around the balancer, end to end: health-check sources and ports, zones, ENIs,
 * security-group bindings, binding modes and the balancer's own security group.
 */
import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/report/render-table.js';
import type { Report } from '../../src/report/types.js';
import { simulate } from '../../src/sim/simulate.js';
import { tcpScenario, type Json } from './scenarios.js';

/** The health states a target went through. */
function states(report: Report, target: string): string[] {
  const s = report.servers.find((x) => x.target === target);
  if (s === undefined) throw new Error(`no server ${target}`);
  return s.health.map((h) => h.state);
}

/** Inbound rules that drop the VIP (203.0.113.10) and allow everyone else. */
const DROP_VIP: Json[] = [
  { source: '203.0.113.10', port: 'ALL', action: 'drop' },
  { source: '0.0.0.0/0', port: 'ALL', action: 'allow' },
];

/** Two targets behind groups that drop the VIP, on a load balancer with these fields. */
function vipDropped(lb: Json): Json {
  const s = tcpScenario([10, 10], { securityGroups: [{ id: 'sg-open', inbound: DROP_VIP }] });
  s['loadBalancer'] = { ...(s['loadBalancer'] as Json), ...lb };
  return s;
}

describe('health-check sources', () => {
  it('a classic-type internal load balancer in a VPC bought after 2016-12-05 needs no VIP rule', async () => {
    const report = await simulate(
      vipDropped({ type: 'internal', kind: 'classic', network: 'vpc', createdAt: '2018-03-01' }),
    );
    expect(states(report, 'ins-0:8080')).toEqual(['healthy']);
    // Without a date it is taken as bought after the cutoff.
    const undated = await simulate(vipDropped({ type: 'internal', kind: 'classic' }));
    expect(states(undated, 'ins-0:8080')).toEqual(['healthy']);
  });

  it('one created before 2016-12-05 probes from the VIP, so its targets turn abnormal', async () => {
    const report = await simulate(
      vipDropped({ type: 'internal', kind: 'classic', network: 'vpc', createdAt: '2016-11-30' }),
    );
    expect(states(report, 'ins-0:8080')).toEqual(['healthy', 'abnormal']);
  });

  it('internal load balancers in the basic network need no VIP rule; in a VPC they do', async () => {
    const basic = await simulate(vipDropped({ type: 'internal', network: 'classic' }));
    expect(states(basic, 'ins-0:8080')).toEqual(['healthy']);
    const vpc = await simulate(vipDropped({ type: 'internal', network: 'vpc' }));
    expect(states(vpc, 'ins-0:8080')).toEqual(['healthy', 'abnormal']);
  });
});

describe('healthCheck.port', () => {
  /** Two targets on 8080 whose groups allow everyone on 8080 only, plus `more` rules first. */
  const checkedOn = (port: number | undefined, more: Json[] = []) =>
    simulate(
      tcpScenario(
        [10, 10],
        {
          securityGroups: [
            {
              id: 'sg-open',
              inbound: [...more, { source: '0.0.0.0/0', port: '8080', action: 'allow' }],
            },
          ],
        },
        port === undefined ? {} : { healthCheck: { port } },
      ),
    );

  it('probes the health-check port: groups must allow the probe source there', async () => {
    expect(states(await checkedOn(undefined), 'ins-0:8080')).toEqual(['healthy']);
    expect(states(await checkedOn(9000), 'ins-0:8080')).toEqual(['healthy', 'abnormal']);
    const allowed = await checkedOn(9000, [
      { source: '203.0.113.10', port: '9000', action: 'allow' },
    ]);
    expect(states(allowed, 'ins-0:8080')).toEqual(['healthy']);
  });

  it('follows a security-group change on the health-check port', async () => {
    const s = tcpScenario(
      [10, 10],
      {
        securityGroups: [
          { id: 'sg-open', inbound: [{ source: '0.0.0.0/0', port: 'ALL', action: 'allow' }] },
        ],
        events: [
          {
            atSec: 20,
            op: 'setSecurityGroup',
            securityGroup: 'sg-open',
            inbound: [{ source: '0.0.0.0/0', port: '8080', action: 'allow' }],
          },
        ],
      },
      { healthCheck: { port: 9000 } },
    );
    const report = await simulate(s);
    const health = report.servers[0]!.health;
    expect(health.map((h) => h.state)).toEqual(['healthy', 'abnormal']);
    expect(health[1]!.atSec).toBeGreaterThan(20);
  });
});

/** Two instances in each of three zones of ap-guangzhou, one TCP listener over them. */
function threeZones(events: Json[]): Json {
  const s = tcpScenario([10, 10, 10, 10, 10, 10], { durationSec: 120, events });
  (s['instances'] as Json[]).forEach((i, k) => (i['zone'] = `ap-guangzhou-${1 + (k >> 1)}`));
  return s;
}

describe('availability zones', () => {
  it('zoneDown takes every instance of the zone down; the survivors absorb its share', async () => {
    const report = await simulate(
      threeZones([
        { atSec: 30, op: 'zoneDown', zone: 'ap-guangzhou-2' },
        { atSec: 90, op: 'zoneUp', zone: 'ap-guangzhou-2' },
      ]),
    );
    for (const t of ['ins-2:8080', 'ins-3:8080']) {
      expect(states(report, t)).toEqual(['healthy', 'abnormal', 'healthy']);
    }
    expect(states(report, 'ins-0:8080')).toEqual(['healthy']);
    const zones = report.zones!;
    expect(zones.map((z) => z.zone)).toEqual([
      'ap-guangzhou-1',
      'ap-guangzhou-2',
      'ap-guangzhou-3',
    ]);
    expect(zones[1]!.instances).toEqual(['ins-2', 'ins-3']);
    expect(zones[1]!.failed).toBeGreaterThan(0);
    expect(zones[0]!.failed + zones[2]!.failed).toBe(0);
    // Windows 50-80 s: the zone is out and detected; each survivor carries half the traffic.
    const during = (z: number) => zones[z]!.windows.slice(5, 8).reduce((a, b) => a + b, 0);
    expect(during(1)).toBe(0);
    expect(during(0) / (during(0) + during(2))).toBeCloseTo(0.5, 1);
    // Before the loss each zone had a third.
    const before = zones.map((z) => z.windows.slice(0, 3).reduce((a, b) => a + b, 0));
    expect(before[1]! / (before[0]! + before[1]! + before[2]!)).toBeCloseTo(1 / 3, 1);
    // Totals reconcile with the servers.
    expect(zones.reduce((n, z) => n + z.requests, 0)).toBe(report.requests);
    expect(zones.reduce((n, z) => n + z.share, 0)).toBeCloseTo(1, 5);
    expect(zones[1]!.health).toEqual({ probing: 0, healthy: 2, abnormal: 0, closed: 0 });
    const table = renderTable(report);
    expect(table).toMatch(/\nzones\n +zone +instances +requests/);
    expect(table).toMatch(/ap-guangzhou-2 +2 +[\d,]+ +[\d.]+ +[1-9][\d,]* +0 +2\/2\n/);
  });

  it('reports no zones when no instance has one', async () => {
    const report = await simulate(tcpScenario([10, 10]));
    expect(report).not.toHaveProperty('zones');
    expect(renderTable(report)).not.toContain('zones');
  });
});

describe('security groups bound and unbound on an instance', () => {
  it("changes the instance's ordered list at that moment", async () => {
    const s = tcpScenario([10, 10], {
      securityGroups: [
        { id: 'sg-open', inbound: [{ source: '0.0.0.0/0', port: 'ALL', action: 'allow' }] },
        { id: 'sg-deny', inbound: [{ source: '0.0.0.0/0', port: 'ALL', action: 'drop' }] },
      ],
      events: [
        // sg-deny goes after sg-open: allow-all decides first, nothing changes.
        { atSec: 10, op: 'bindSecurityGroup', instance: 'ins-1', securityGroup: 'sg-deny' },
        // Without sg-open, sg-deny decides: clients and probes are dropped.
        { atSec: 20, op: 'unbindSecurityGroup', instance: 'ins-1', securityGroup: 'sg-open' },
        { atSec: 40, op: 'unbindSecurityGroup', instance: 'ins-1', securityGroup: 'sg-deny' },
        { atSec: 40, op: 'bindSecurityGroup', instance: 'ins-1', securityGroup: 'sg-open' },
      ],
    });
    const report = await simulate(s);
    const ins1 = report.servers.find((x) => x.target === 'ins-1:8080')!;
    expect(ins1.health.map((h) => h.state)).toEqual(['healthy', 'abnormal', 'healthy']);
    expect(ins1.health[1]!.atSec).toBeGreaterThan(20);
    expect(ins1.health[2]!.atSec).toBeGreaterThan(40);
    const blockedFrom = report.windows
      .slice(2, 4)
      .reduce((n, w) => n + w.requests['ins-1:8080']!, 0);
    expect(ins1.blocked).toBeGreaterThan(0);
    expect(ins1.blocked).toBeLessThanOrEqual(blockedFrom);
    expect(report.servers.find((x) => x.target === 'ins-0:8080')!.blocked).toBe(0);
  });
});
