/**
 * Instances a `scale` event launches have a zone and a service model — their own, or their
 * event's template instance's — so per-zone totals, zoneDown / zoneUp and service events cover
 * them like the scenario's own instances.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/types.js';
import type { ScaleLaunch } from '../../src/scenario/types.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { simulate } from '../../src/sim/simulate.js';
import { change, expectIssues, type Json } from '../scenario/fixtures.js';
import { tcpScenario } from '../sim/scenarios.js';

const SERVICE = { workers: 64, latencyMs: { distribution: 'constant', mean: 1 }, errorRate: 1 };

/** ins-0 in zone 1, ins-1 in zone 2 (with a service model that always errs); these events. */
function zoned(events: Json[]): Json {
  const s: Json = tcpScenario([10, 10], { durationSec: 90, events });
  s.instances[0].zone = 'ap-guangzhou-1';
  s.instances[1].zone = 'ap-guangzhou-2';
  s.instances[1].service = SERVICE;
  return s;
}

function scale(add: Json[], more: Json = {}): Json {
  return { atSec: 10, op: 'scale', listener: 'tcp-80', port: 8080, add, ...more };
}

/** The launches of the first event, a scale event, as validation fills them in. */
function launchesOf(json: Json): readonly ScaleLaunch[] {
  const event = validateScenario(json).events[0];
  if (event?.op !== 'scale') throw new Error('the first event is not a scale event');
  return event.add;
}

function server(report: Report, target: string): Report['servers'][number] {
  const s = report.servers.find((x) => x.target === target);
  if (s === undefined) throw new Error(`no server ${target}`);
  return s;
}

describe('instances launched by scale', () => {
  it('take the zone a launch gives: zone totals count them and zoneDown takes them down', async () => {
    const report = await simulate(
      zoned([
        scale([
          {
            id: 'as-1',
            privateIp: '10.0.0.31',
            securityGroups: ['sg-open'],
            zone: 'ap-guangzhou-1',
          },
        ]),
        { atSec: 40, op: 'zoneDown', zone: 'ap-guangzhou-1' },
      ]),
    );
    const zone1 = report.zones!.find((z) => z.zone === 'ap-guangzhou-1')!;
    expect(zone1.instances).toEqual(['ins-0', 'as-1']);
    const launched = server(report, 'as-1:8080');
    expect(launched.health.map((h) => h.state)).toEqual(['probing', 'healthy', 'abnormal']);
    expect(launched.health[2]!.atSec).toBeGreaterThan(40);
    expect(zone1.requests).toBe(server(report, 'ins-0:8080').requests + launched.requests);
    expect(report.zones!.some((z) => z.zone === null)).toBe(false);
  });

  it("take the template's zone, service model and groups unless the launch gives its own", async () => {
    const events = [scale([{ id: 'as-1', privateIp: '10.0.0.31' }], { template: 'ins-1' })];
    const launch = launchesOf(zoned(events))[0];
    expect(launch).toEqual({
      id: 'as-1',
      privateIp: '10.0.0.31',
      securityGroups: ['sg-open'],
      zone: 'ap-guangzhou-2',
      service: { ...SERVICE, latencyMs: { distribution: 'constant', mean: 1 } },
    });
    const own = scale(
      [{ id: 'as-1', privateIp: '10.0.0.31', zone: 'ap-guangzhou-1', securityGroups: [] }],
      {
        template: 'ins-1',
      },
    );
    const mine = launchesOf(zoned([own]))[0];
    expect(mine?.zone).toBe('ap-guangzhou-1');
    expect(mine?.securityGroups).toEqual([]);

    const report = await simulate(
      zoned([...events, { atSec: 60, op: 'zoneDown', zone: 'ap-guangzhou-2' }]),
    );
    const launched = server(report, 'as-1:8080');
    // The template's service model: every answer is an error.
    expect(launched.service!.errors).toBe(launched.service!.responses);
    expect(launched.service!.responses).toBeGreaterThan(0);
    expect(launched.health.map((h) => h.state)).toEqual(['probing', 'healthy', 'abnormal']);
    expect(report.zones!.find((z) => z.zone === 'ap-guangzhou-2')!.instances).toEqual([
      'ins-1',
      'as-1',
    ]);
  });

  it('answer service events like any instance with a service model', async () => {
    const report = await simulate(
      zoned([
        scale([{ id: 'as-1', privateIp: '10.0.0.31', service: SERVICE }], { template: 'ins-0' }),
        { atSec: 30, op: 'restore', instance: 'as-1' },
        { atSec: 30, op: 'errors', instance: 'as-1', errorRate: 0 },
      ]),
    );
    const launched = server(report, 'as-1:8080');
    expect(launched.service!.errors).toBeGreaterThan(0);
    expect(launched.service!.errors).toBeLessThan(launched.service!.responses);
  });

  it('refuse a zone outside the region, an unknown template and a bad service, at their paths', () => {
    expectIssues(
      zoned([
        scale(
          [
            { id: 'as-1', privateIp: '10.0.0.31', zone: 'ap-shanghai-2' },
            {
              id: 'as-2',
              privateIp: '10.0.0.32',
              service: { ...SERVICE, latencyMs: { distribution: 'constant', mean: 1, p99: 5 } },
            },
          ],
          { template: 'ins-9' },
        ),
      ]),
      [
        {
          path: 'events[0].add[0].zone',
          message: 'must be a zone of the load balancer\'s region "ap-guangzhou"',
        },
        {
          path: 'events[0].add[1].service.latencyMs.p99',
          message: 'applies to the lognormal distribution only',
        },
        { path: 'events[0].template', message: 'no instance "ins-9"' },
      ],
    );
    const foreign = change(
      zoned([scale([{ id: 'as-1', privateIp: '10.0.0.31' }], { template: 'ins-x' })]),
      (s) => {
        s.instances.push({
          id: 'ins-x',
          region: 'ap-shanghai',
          vpcId: 'vpc-2',
          privateIp: '10.1.0.5',
          zone: 'ap-shanghai-2',
        });
      },
    );
    expectIssues(foreign, [
      {
        path: 'events[0].template',
        message: 'not a zone of the load balancer\'s region "ap-guangzhou"',
      },
    ]);
  });

  it('a scale event without template or zones reads as before', () => {
    const plain = scale([{ id: 'as-1', privateIp: '10.0.0.31' }]);
    expect(validateScenario(zoned([plain])).events[0]).toEqual({
      ...plain,
      rule: undefined,
      weight: 10,
      remove: [],
      add: [{ id: 'as-1', privateIp: '10.0.0.31', securityGroups: [] }],
    });
  });
});
