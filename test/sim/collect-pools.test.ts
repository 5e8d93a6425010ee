import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { poolKey } from '../../src/cloud/pool-ref.js';
import { REPORT_FORMAT } from '../../src/report/report-format.js';
import type { Report } from '../../src/report/types.js';
import { simulate } from '../../src/sim/simulate.js';
import { tcpScenario } from './scenarios.js';

const example = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../examples/${name}.json`, import.meta.url), 'utf8'));
const PACKAGE = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
) as { version: string };

/** Checks that hold for every report: the new sections add up to the old figures. */
function expectConsistent(report: Report): void {
  const unservedBy = report.unservedBy.reduce((n, u) => n + u.requests, 0);
  expect(unservedBy).toBe(report.unserved);
  expect(report.mix.reduce((n, m) => n + m.requests, 0)).toBe(report.requests);
  for (const pool of report.pools) {
    const servers = report.servers.filter((s) => poolKey(s) === poolKey(pool));
    for (const s of servers) {
      const inWindows = pool.windows.reduce((n, w) => n + (w.requests[s.target] ?? 0), 0);
      expect(inWindows).toBe(s.requests);
    }
    const failed = pool.windows.reduce((n, w) => n + w.failed, 0);
    expect(failed).toBe(servers.reduce((n, s) => n + s.failed, 0));
    // Each step's shares add up to 1, or the step is empty (nothing eligible).
    for (const step of pool.expected) {
      const shares = Object.values(step.shares);
      const total = shares.reduce((a, b) => a + b, 0);
      expect(shares.length === 0 ? 1 : total).toBeCloseTo(1, 5);
    }
  }
}

describe('the report says why requests went unserved', () => {
  it('by pool and reason: weights at 0, nothing bound, nothing healthy yet', async () => {
    const report = await simulate(
      tcpScenario([10], {
        durationSec: 60,
        events: [
          { atSec: 10, op: 'setWeight', listener: 'tcp-80', target: 'ins-0:8080', weight: 0 },
          { atSec: 20, op: 'setWeight', listener: 'tcp-80', target: 'ins-0:8080', weight: 10 },
          { atSec: 30, op: 'unbind', listener: 'tcp-80', target: 'ins-0:8080' },
          {
            atSec: 40,
            op: 'bind',
            listener: 'tcp-80',
            targets: [{ instance: 'ins-0', port: 8080, weight: 10 }],
          },
        ],
      }),
    );

    const by = Object.fromEntries(report.unservedBy.map((u) => [u.reason, u.requests]));
    expect(Object.keys(by)).toEqual(['no-targets-bound', 'all-weights-zero', 'none-healthy']);
    // About 10 s each at 1000 requests a second; the new target probes for a few seconds.
    expect(by['all-weights-zero']).toBeGreaterThan(9_000);
    expect(by['no-targets-bound']).toBeGreaterThan(9_000);
    expect(by['none-healthy']).toBeGreaterThan(1_000);
    expect(report.unservedBy.every((u) => u.listener === 'tcp-80' && u.rule === undefined)).toBe(
      true,
    );
    // Per window: nothing unserved before the first event, every request between 10 and 20 s.
    const windows = report.pools[0]!.windows;
    expect(windows[0]!.unserved).toBe(0);
    expect(windows[1]!.unserved).toBeGreaterThan(9_000);
    expect(windows[1]!.requests['ins-0:8080']).toBe(0);
    expectConsistent(report);
  });

  it('layer 7: 404s per listener, and the rule each mix entry reached', async () => {
    const report = await simulate(example('layer7-routing'));

    const notFound = report.unservedBy.filter((u) => u.reason === 'no-rule-matched');
    expect(notFound).toEqual([
      { listener: 'http-80', reason: 'no-rule-matched', requests: report.unserved },
    ]);
    const missing = report.mix.find((m) => m.path === '/missing')!;
    expect(missing.rule).toBeNull();
    expect(missing.requests).toBe(report.unserved);
    expect(report.mix.find((m) => m.path === '/static/legacy.php')!.rule).toBe('static');
    expect(report.mix.find((m) => m.path === '/api/v1/report.php')!.rule).toBe('php');
    expectConsistent(report);
  });
});

describe('the report names fail-open spans', () => {
  it('from the moment the last target turns abnormal to the end of the run', async () => {
    const report = await simulate(example('vip-blocked-fail-open'));

    const lastAbnormal = Math.max(
      ...report.servers.map((s) => s.health.find((h) => h.state === 'abnormal')!.atSec),
    );
    expect(report.failOpen).toEqual([
      { listener: 'tcp-80', fromSec: lastAbnormal, toSec: report.durationSec },
    ]);
    // Before it the healthy targets shared the load; from it on all of them take their weight.
    const steps = report.pools[0]!.expected;
    expect(steps.at(-1)).toEqual({
      atSec: lastAbnormal,
      shares: { 'ins-1:8080': 0.166667, 'ins-2:8080': 0.333333, 'ins-3:8080': 0.5 },
    });
    expectConsistent(report);
  });

  it('ends a span when a target comes back', async () => {
    const report = await simulate(
      tcpScenario([10, 10], {
        durationSec: 90,
        events: [
          { atSec: 10, op: 'down', instance: 'ins-0' },
          { atSec: 10, op: 'down', instance: 'ins-1' },
          { atSec: 50, op: 'up', instance: 'ins-0' },
        ],
      }),
    );

    expect(report.failOpen.length).toBe(1);
    const span = report.failOpen[0]!;
    expect(span.fromSec).toBeGreaterThan(10);
    expect(span.toSec).toBeGreaterThan(50);
    expect(span.toSec).toBeLessThan(90);
    expectConsistent(report);
  });
});

describe('the report says what produced it', () => {
  it('carries the format, the version of package.json, the window and the scenario text', async () => {
    const report = await simulate({
      ...tcpScenario([10]),
      name: 'one target',
      description: 'a <small> scenario',
      options: { windowSec: 5 },
    });

    expect(report.format).toBe(REPORT_FORMAT);
    expect(report.lbsimVersion).toBe(PACKAGE.version);
    expect(report.windowSec).toBe(5);
    expect(report.name).toBe('one target');
    expect(report.description).toBe('a <small> scenario');
    expect(report.windows[1]).toMatchObject({ fromSec: 5, toSec: 10 });
  });

  it('leaves name and description out when the scenario has none', async () => {
    const report = await simulate(tcpScenario([10]));
    expect('name' in report).toBe(false);
    expect('description' in report).toBe(false);
  });
});
