/**
 * `moveEni`: an ENI moves to another instance of the same VPC and zone, and the targets bound
 * through its IPs go with it — the new instance's power, security groups and service model apply
 * from then on. Refused (with a JSON path) for an unknown ENI, a primary NIC, an unknown or
 * released instance, another VPC or zone, or the instance it is already on.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/types.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { simulate } from '../../src/sim/simulate.js';
import { change, expectIssues, type Json } from '../scenario/fixtures.js';
import { tcpScenario } from '../sim/scenarios.js';

const ZONE = 'ap-guangzhou-3';

/**
 * ins-0 carries eni-1 (10.0.1.21), bound as `eni-1:8080` beside `ins-1:8080`; ins-2 is a third
 * instance of the same VPC and zone. `ins2` changes ins-2.
 */
function withEni(events: Json[], ins2: Json = {}): Json {
  const s: Json = tcpScenario([10, 10, 10], { events, durationSec: 80 });
  s.securityGroups.push({ id: 'sg-deny', inbound: [] });
  s.instances.forEach((i: Json) => (i.zone = ZONE));
  s.instances[0].enis = [{ id: 'eni-1', ips: ['10.0.1.21'] }];
  Object.assign(s.instances[2], ins2);
  s.listeners[0].targets = [
    { instance: 'ins-1', port: 8080 },
    { eni: 'eni-1', ip: '10.0.1.21', port: 8080 },
  ];
  return s;
}

const MOVE = { atSec: 20, op: 'moveEni', eni: 'eni-1', instance: 'ins-2' };
const BIND_ENI = {
  atSec: 30,
  op: 'bind',
  listener: 'tcp-80',
  targets: [{ eni: 'eni-1', ip: '10.0.1.21', port: 8080 }],
};

function server(report: Report, target: string): Report['servers'][number] {
  const s = report.servers.find((x) => x.target === target);
  if (s === undefined) throw new Error(`no server ${target}`);
  return s;
}

describe('moveEni in a run', () => {
  it("applies the new instance's security groups: its targets are blocked and turn abnormal", async () => {
    const still = await simulate(withEni([], { securityGroups: ['sg-deny'] }));
    expect(server(still, 'eni-1:8080').health.map((h) => h.state)).toEqual(['healthy']);
    expect(server(still, 'eni-1:8080').blocked).toBe(0);

    const report = await simulate(withEni([MOVE], { securityGroups: ['sg-deny'] }));
    const eni = server(report, 'eni-1:8080');
    expect(eni.instance).toBe('ins-2');
    expect(eni.health.map((h) => h.state)).toEqual(['healthy', 'abnormal']);
    expect(eni.health[1]!.atSec).toBeGreaterThan(20);
    expect(eni.blocked).toBeGreaterThan(0);
    // Nothing was blocked before the move: windows 0-20 s are all served.
    const before = report.windows.slice(0, 2).reduce((n, w) => n + w.requests['eni-1:8080']!, 0);
    expect(eni.blocked).toBeLessThanOrEqual(eni.requests - before);
    expect(report.events[0]!.description).toBe('moveEni eni-1 to ins-2');
  });

  it("follows the new instance's power: down and up of the old one no longer touch it", async () => {
    const report = await simulate(
      withEni([
        { atSec: 1, op: 'down', instance: 'ins-2' },
        MOVE,
        // The old instance going down is nothing to the moved ENI's target.
        { atSec: 30, op: 'down', instance: 'ins-0' },
        { atSec: 50, op: 'up', instance: 'ins-2' },
      ]),
    );
    const eni = server(report, 'eni-1:8080');
    expect(eni.health.map((h) => h.state)).toEqual(['healthy', 'abnormal', 'healthy']);
    expect(eni.health[1]!.atSec).toBeGreaterThan(20);
    expect(eni.health[1]!.atSec).toBeLessThan(50);
    expect(eni.health[2]!.atSec).toBeGreaterThan(50);
    expect(eni.failed).toBeGreaterThan(0);
    expect(server(report, 'ins-1:8080').health.map((h) => h.state)).toEqual(['healthy']);
  });

  it("answers with the new instance's service model", async () => {
    const service = {
      workers: 64,
      latencyMs: { distribution: 'constant', mean: 1 },
      errorRate: 1,
    };
    const report = await simulate(withEni([MOVE], { service }));
    const eni = server(report, 'eni-1:8080');
    // Answered at once (no model) before the move, all errors after it.
    const after = report.windows.slice(2).reduce((n, w) => n + w.requests['eni-1:8080']!, 0);
    expect(eni.service?.errors).toBeGreaterThan(0);
    expect(eni.service!.errors).toBeLessThanOrEqual(
      after + report.windows[1]!.requests['eni-1:8080']!,
    );
    expect(eni.service!.errors).toBeGreaterThan(after * 0.9);
  });

  it('belongs to the new instance when bound again after the move', async () => {
    const report = await simulate(
      withEni([
        { atSec: 10, op: 'unbind', listener: 'tcp-80', target: 'eni-1:8080' },
        MOVE,
        { ...BIND_ENI, atSec: 25 },
        // The new instance going down fails it; the old one's going down would not.
        { atSec: 50, op: 'down', instance: 'ins-2' },
      ]),
    );
    const eni = server(report, 'eni-1:8080');
    expect(eni.instance).toBe('ins-2');
    expect(eni.failed).toBeGreaterThan(0);
    expect(eni.health.at(-1)!.state).toBe('abnormal');
    expect(eni.health.at(-1)!.atSec).toBeGreaterThan(50);
  });

  it('moves its targets in per-zone totals and with a release of the new instance', async () => {
    const report = await simulate(withEni([MOVE, { atSec: 40, op: 'release', instance: 'ins-2' }]));
    // Released in same-region binding: the target bound through the ENI is unbound with ins-2.
    const eni = server(report, 'eni-1:8080');
    const after = report.windows.slice(5).reduce((n, w) => n + w.requests['eni-1:8080']!, 0);
    expect(after).toBe(0);
    expect(eni.requests).toBeGreaterThan(0);
    expect(report.zones!.map((z) => z.zone)).toEqual([ZONE]);
  });
});

describe('moveEni validation', () => {
  const valid = withEni([MOVE]);

  it('accepts a move within the VPC and zone, and keeps the event as written', () => {
    expect(validateScenario(valid).events).toEqual([MOVE]);
  });

  it('refuses an unknown ENI and an unknown or released instance, at their paths', () => {
    expectIssues(
      change(valid, (s) => (s.events = [{ ...MOVE, eni: 'eni-9', instance: 'ins-9' }])),
      [
        { path: 'events[0].eni', message: 'no instance has ENI "eni-9" attached' },
        { path: 'events[0].instance', message: 'no instance "ins-9"' },
      ],
    );
    expectIssues(
      change(valid, (s) => (s.events = [{ atSec: 10, op: 'release', instance: 'ins-2' }, MOVE])),
      [{ path: 'events[1].instance', message: 'instance "ins-2" was released at 10 s' }],
    );
  });

  it('refuses the primary NIC, which stays with its instance', () => {
    const primary = change(valid, (s) => (s.instances[0].enis[0].ips = ['10.0.0.10', '10.0.1.21']));
    expectIssues(primary, [
      { path: 'events[0].eni', message: 'ENI "eni-1" is the primary NIC of instance "ins-0"' },
    ]);
  });

  it('refuses an instance in another VPC or zone, or the one it is on', () => {
    for (const [field, value] of [
      ['vpcId', 'vpc-2'],
      ['zone', 'ap-guangzhou-4'],
    ] as const) {
      const elsewhere = change(valid, (s) => (s.instances[2][field] = value));
      expectIssues(elsewhere, [
        {
          path: 'events[0].instance',
          message: 'an ENI moves only to an instance of the same VPC and zone',
        },
      ]);
    }
    expectIssues(
      change(valid, (s) => (s.events = [{ ...MOVE, instance: 'ins-0' }])),
      [{ path: 'events[0].instance', message: 'is already attached to instance "ins-0"' }],
    );
  });

  it('checks a later bind through the ENI against its new instance', () => {
    const bindLater = change(valid, (s) => {
      s.instances[2].state = 'isolated';
      s.listeners[0].targets.pop();
      s.events = [
        MOVE,
        {
          atSec: 30,
          op: 'bind',
          listener: 'tcp-80',
          targets: [{ eni: 'eni-1', ip: '10.0.1.21', port: 8080 }],
        },
      ];
    });
    expectIssues(bindLater, [
      {
        path: 'events[1].targets[0].eni',
        message: 'ENI "eni-1" is attached to instance "ins-2", which is isolated',
      },
    ]);
  });
});
