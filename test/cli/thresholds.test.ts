/** `--fail-on`: thresholds parsed, checked on a report, and the CLI's exit code 3. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkThresholds, formatBreach, parseThresholds } from '../../src/report/thresholds.js';
import type { Report, ServerReport } from '../../src/report/types.js';
import { tcpScenario } from '../sim/scenarios.js';
import { lbsim } from './lbsim.js';

function server(
  target: string,
  share: number,
  expectedShare: number,
  extra: Partial<ServerReport> = {},
): ServerReport {
  return {
    listener: 'tcp-80',
    target,
    instance: null,
    clientAddress: 'source',
    weight: 10,
    weights: [],
    requests: Math.round(share * 1000),
    share,
    expectedShare,
    newSessions: 0,
    sessionsMovedIn: 0,
    sessionsExpired: 0,
    failed: 0,
    blocked: 0,
    health: [],
    ...extra,
  };
}

const REPORT: Report = {
  format: 1,
  lbsimVersion: '0.0.0',
  windowSec: 10,
  unservedBy: [],
  failOpen: [],
  mix: [],
  pools: [],
  seed: 's',
  durationSec: 10,
  requests: 1000,
  unserved: 5,
  retries: 0,
  servers: [server('a:80', 0.6, 0.5, { failed: 3 }), server('b:80', 0.4, 0.5)],
  windows: [],
  events: [],
};

describe('thresholds', () => {
  it('reads metrics, operators, percentages and per-target forms', () => {
    expect(parseThresholds('maxDeviationPp>2, unserved>=0.1% ,failed[a:80]<1e3')).toEqual([
      {
        text: 'maxDeviationPp>2',
        metric: 'maxDeviationPp',
        target: undefined,
        operator: '>',
        limit: 2,
        percent: false,
      },
      {
        text: 'unserved>=0.1%',
        metric: 'unserved',
        target: undefined,
        operator: '>=',
        limit: 0.1,
        percent: true,
      },
      {
        text: 'failed[a:80]<1e3',
        metric: 'failed',
        target: 'a:80',
        operator: '<',
        limit: 1000,
        percent: false,
      },
    ]);
  });

  it('reports every malformed part at once, with did you mean', () => {
    expect(() =>
      parseThresholds('maxDevationPp>2,unserved>>1,,retries[a]>1,maxDeviationPp>1%'),
    ).toThrow(
      /"maxDevationPp>2": unknown metric "maxDevationPp" \(did you mean "maxDeviationPp"\?\).*"unserved>>1": expected METRIC>N.*"": empty threshold.*"retries\[a\]>1": retries is report-wide.*"maxDeviationPp>1%": maxDeviationPp cannot be a percentage/,
    );
  });

  it('lists the thresholds that hold, with metric, limit and actual', () => {
    const breaches = checkThresholds(
      REPORT,
      parseThresholds(
        'maxDeviationPp>5,maxDeviationPp>20,unserved>0.1%,failed[a:80]>=3,failed[b:80]>0,meanDeviationPp<=10',
      ),
    );
    expect(breaches.map((b) => formatBreach(b, REPORT))).toEqual([
      'threshold breached: maxDeviationPp > 5 pp (actual 10 pp)',
      'threshold breached: unserved > 0.1% (actual 0.5% (5 of 1000 requests))',
      'threshold breached: failed[a:80] >= 3 (actual 3)',
      'threshold breached: meanDeviationPp <= 10 pp (actual 10 pp)',
    ]);
  });

  it('reads latency and service outcomes from the service model, 0 without one', () => {
    const latencyMs = { mean: 30, p50: 20, p90: 60, p99: 250, p999: 900 };
    const service = { responses: 990, latencyMs, errors: 4, rejected: 6, timedOut: 2 };
    const served = { ...REPORT, service: { ...service, instances: [], pools: [] } };
    const limits = parseThresholds('p99LatencyMs>200,p50LatencyMs>20,rejected>0.5%,timedOut>=2');
    expect(checkThresholds(served, limits).map((b) => formatBreach(b, served))).toEqual([
      'threshold breached: p99LatencyMs > 200 ms (actual 250 ms)',
      'threshold breached: rejected > 0.5% (actual 0.6% (6 of 1000 requests))',
      'threshold breached: timedOut >= 2 (actual 2)',
    ]);
    expect(checkThresholds(REPORT, limits)).toEqual([]);
  });

  it('refuses a target the report does not have', () => {
    expect(() => checkThresholds(REPORT, parseThresholds('failed[a:81]>0'))).toThrow(
      /no target "a:81" \(did you mean "a:80"\?\)/,
    );
  });
});

describe('lbsim run --fail-on', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lbsim-fail-on-'));
  const scenario = join(dir, 's.json');
  writeFileSync(scenario, JSON.stringify(tcpScenario([10, 20], { durationSec: 10 })));

  it('exits 3 after writing the report, listing each breached threshold', () => {
    const r = lbsim(
      'run',
      scenario,
      '--format',
      'json',
      '--fail-on',
      'requests>1,unserved>=0,maxDeviationPp>1000',
    );
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toHaveProperty('servers');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^threshold breached: requests > 1 \(actual \d+\)$/);
    expect(lines[1]).toBe('threshold breached: unserved >= 0 (actual 0)');
  });

  it('exits 0 when no threshold holds, and 2 on bad syntax before running', () => {
    expect(lbsim('run', scenario, '--fail-on', 'unserved>0,failed>0.5%').code).toBe(0);
    const bad = lbsim('run', scenario, '--fail-on', 'unserverd>0');
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(
      /^--fail-on: "unserverd>0": unknown metric "unserverd" \(did you mean "unserved"\?\)/,
    );
  });
});
