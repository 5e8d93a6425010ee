/**
 * The scenarios in `examples/`: every file validates and runs, and each one shows the behaviour
 * its `description` promises (the figures quoted in `examples/README.md`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report, ServerReport } from '../../src/report/types.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { simulate } from '../../src/sim/simulate.js';

const EXAMPLES_DIR = new URL('../../examples/', import.meta.url);

/** Every `examples/*.json`, sorted so the test order is stable. */
const FILES = readdirSync(EXAMPLES_DIR)
  .filter((name) => name.endsWith('.json'))
  .sort();

function load(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, EXAMPLES_DIR), 'utf8')) as unknown;
}

/** Each example is simulated once; the behaviour tests below read these reports. */
const reports = new Map<string, Report>();

function report(name: string): Report {
  const r = reports.get(name);
  if (r === undefined) throw new Error(`example ${name} was not run`);
  return r;
}

function server(r: Report, listener: string, target: string): ServerReport {
  const s = r.servers.find((x) => x.listener === listener && x.target === target);
  if (s === undefined) throw new Error(`no target ${target} on ${listener}`);
  return s;
}

/** Requests a target got in report windows starting at or after `fromSec`. */
function requestsFrom(r: Report, target: string, fromSec: number): number {
  return r.windows
    .filter((w) => w.fromSec >= fromSec)
    .reduce((n, w) => n + (w.requests[target] ?? 0), 0);
}

beforeAll(async () => {
  for (const name of FILES) reports.set(name, await simulate(load(name)));
});

describe('examples: every file', () => {
  it('includes the four gallery scenarios', () => {
    expect(FILES).toEqual(
      expect.arrayContaining([
        'consistent-hashing-scale-out.json',
        'drain-with-persistence.json',
        'layer7-routing.json',
        'vip-blocked-fail-open.json',
      ]),
    );
  });

  it.each(FILES)('%s validates, runs and forwards requests', (name) => {
    const json = load(name);
    expect(() => validateScenario(json)).not.toThrow();
    const r = report(name);
    expect(r.requests).toBeGreaterThan(0);
  });

  it.each(FILES.filter((name) => name !== 'spec-example.json'))(
    '%s says what to look at in a "description" and stays small',
    (name) => {
      const json = load(name) as { description?: unknown };
      expect(typeof json.description).toBe('string');
      // Small enough to run in a blink: at most 300k requests.
      expect(report(name).requests).toBeLessThanOrEqual(300_000);
    },
  );
});

describe('examples: the behaviour each one shows', () => {
  it('drain-with-persistence: sessions stay on the drained target unless reschedule moves them', () => {
    const r = report('drain-with-persistence.json');
    // Drain at 60 s; reschedule window 30 s, so from 90 s on every session has moved.
    const keptOff = requestsFrom(r, 'ins-3:8080', 90);
    const keptOn = requestsFrom(r, 'ins-3:8081', 90);
    expect(keptOn).toBe(0);
    // Reschedule off: the drained target keeps about a third of its listener's requests.
    const after = r.windows
      .filter((w) => w.fromSec >= 90)
      .reduce(
        (n, w) =>
          n +
          (w.requests['ins-1:8080'] ?? 0) +
          (w.requests['ins-2:8080'] ?? 0) +
          (w.requests['ins-3:8080'] ?? 0),
        0,
      );
    expect(keptOff / after).toBeGreaterThan(0.3);
    expect(server(r, 'tcp-80', 'ins-3:8080').weight).toBe(0);
    // The rescheduled event moved every session ins-3:8081 held, the other moved none.
    const [off, on] = r.events;
    expect(off?.sessionsMoved).toBe(0);
    expect(on?.sessionsMoved).toBe(server(r, 'tcp-81', 'ins-3:8081').newSessions);
    expect(on?.sessionsMoved).toBeGreaterThan(0);
  });

  it('vip-blocked-fail-open: every target abnormal, yet all get traffic and nothing is unserved', () => {
    const r = report('vip-blocked-fail-open.json');
    expect(r.unserved).toBe(0);
    const lastAbnormal = Math.max(
      ...r.servers.map((s) => {
        const last = s.health.at(-1);
        expect(last?.state).toBe('abnormal');
        return last?.atSec ?? Infinity;
      }),
    );
    expect(lastAbnormal).toBeLessThan(30);
    for (const s of r.servers) {
      expect(requestsFrom(r, s.target, 30)).toBeGreaterThan(0);
      expect(s.blocked).toBe(0);
      // Fail-open still follows the weights.
      expect(Math.abs(s.share - s.expectedShare)).toBeLessThan(0.01);
    }
  });

  it('consistent-hashing-scale-out: maglev and ring-hash move far fewer clients than ip-hash', () => {
    const r = report('consistent-hashing-scale-out.json');
    const remapped = new Map(r.events.map((e) => [e.atSec, e.clientsRemapped]));
    const ipHash = remapped.get(30) ?? NaN;
    const maglev = remapped.get(70) ?? NaN;
    const ringHash = remapped.get(110) ?? NaN;
    // 2000 clients; a sixth equal target is due 1/6 of them (333).
    expect(ipHash).toBeGreaterThan(1000);
    for (const moved of [maglev, ringHash]) {
      expect(moved).toBeGreaterThan(200);
      expect(moved).toBeLessThan(450);
      expect(moved * 2).toBeLessThan(ipHash);
    }
  });

  it('layer7-routing: each mix entry reaches its rule, and the 404 share matches its weight', () => {
    const r = report('layer7-routing.json');
    const mix = (load('layer7-routing.json') as { traffic: { mix: { weight: number }[] } }).traffic
      .mix;
    const total = mix.reduce((n, e) => n + e.weight, 0);
    // One entry in 15 (by weight) matches no rule.
    expect(Math.abs(r.unserved / r.requests - 1 / total)).toBeLessThan(0.01);
    const due: Record<string, number> = {
      login: 3,
      static: 3,
      php: 2,
      api: 2,
      tenants: 2,
      intl: 1,
      'api-shards': 1,
    };
    for (const [rule, weight] of Object.entries(due)) {
      const got = r.servers.filter((s) => s.rule === rule).reduce((n, s) => n + s.requests, 0);
      expect(Math.abs(got / r.requests - weight / total), rule).toBeLessThan(0.01);
    }
  });

  it('classic-internal-probe-source: VIP probes fail until a group allows them; newer ones pass', () => {
    const r = report('classic-internal-probe-source.json');
    expect(r.unserved).toBe(0);
    for (const s of r.servers) {
      expect(s.health.map((h) => h.state)).toEqual(['healthy', 'abnormal', 'healthy']);
      expect(s.health[1]!.atSec).toBeLessThan(20);
      expect(s.health[2]!.atSec).toBeGreaterThan(60);
      expect(s.health[2]!.atSec).toBeLessThan(80);
    }
    expect(r.failOpen.length).toBe(1);
    // Created after 2016-12-05 (the default): probes come from 169.254.128.0/17, always allowed.
    const newer = load('classic-internal-probe-source.json') as {
      loadBalancer: Record<string, unknown>;
    };
    delete newer.loadBalancer.createdAt;
    return simulate(newer).then((n) => {
      for (const s of n.servers) expect(s.health.map((h) => h.state)).toEqual(['healthy']);
    });
  });

  it('eni-failover: the ENI target fails with its instance, then answers from the standby', () => {
    const r = report('eni-failover.json');
    const eni = r.servers.find((s) => s.target === 'eni-svc:8080')!;
    expect(eni.instance).toBe('ins-standby');
    expect(eni.health.map((h) => h.state)).toEqual(['healthy', 'abnormal', 'healthy']);
    expect(eni.health[1]!.atSec).toBeGreaterThan(60);
    expect(eni.health[2]!.atSec).toBeGreaterThan(100);
    expect(eni.failed).toBeGreaterThan(0);
    // After the standby passes its probes the two targets share again (windows 120-180 s).
    const share = r.windows
      .slice(12)
      .map(
        (w) =>
          w.requests['eni-svc:8080']! /
          (w.requests['eni-svc:8080']! + w.requests['ins-other:8080']!),
      );
    for (const x of share) expect(x).toBeCloseTo(0.5, 1);
  });

  it('zone-loss: the lost zone fails until detected, then the two survivors carry half each', () => {
    const zones = report('zone-loss.json').zones!;
    const [z1, z2, z3] = zones;
    expect(zones.map((z) => z.zone)).toEqual([
      'ap-guangzhou-1',
      'ap-guangzhou-2',
      'ap-guangzhou-3',
    ]);
    expect(z2!.failed).toBeGreaterThan(0);
    expect(z1!.failed + z3!.failed).toBe(0);
    // Windows 0-60 s: a third each; 80-150 s (lost and detected): nothing to zone 2, half each to the others.
    const sum = (z: typeof z1, from: number, to: number) =>
      z!.windows.slice(from, to).reduce((a, b) => a + b, 0);
    const before = [z1, z2, z3].map((z) => sum(z, 0, 6));
    const total = before.reduce((a, b) => a + b, 0);
    for (const n of before) expect(n / total).toBeCloseTo(1 / 3, 1);
    expect(sum(z2, 8, 15)).toBe(0);
    expect(sum(z1, 8, 15) / (sum(z1, 8, 15) + sum(z3, 8, 15))).toBeCloseTo(0.5, 1);
    // After zoneUp (150 s) and its probes, zone 2 takes its third again.
    expect(sum(z2, 18, 21) / [z1, z2, z3].reduce((n, z) => n + sum(z, 18, 21), 0)).toBeCloseTo(
      1 / 3,
      1,
    );
  });
});
