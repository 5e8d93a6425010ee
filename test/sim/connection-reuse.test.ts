/** `traffic.requestsPerConnection`: layer-4 requests ride connections; the report counts both. */
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/errors.js';
import { renderHtml } from '../../src/report/render-html.js';
import { renderJson } from '../../src/report/render-json.js';
import { renderTable } from '../../src/report/render-table.js';
import type { Report, ServerReport } from '../../src/report/types.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { simulate } from '../../src/sim/simulate.js';
import { tcpScenario, type Json } from './scenarios.js';

/** A TCP scenario over the weights, with `traffic` fields added. */
function reuse(
  weights: readonly number[],
  traffic: Json,
  more: Json = {},
  listener: Json = {},
): Json {
  const s = tcpScenario(weights, more, listener);
  return { ...s, traffic: { ...(s['traffic'] as Json), ...traffic } };
}

function server(report: Report, target: string): ServerReport {
  return report.servers.find((s) => s.target === target)!;
}

/** Requests a target got in windows starting at or after `fromSec`. */
function requestsFrom(report: Report, target: string, fromSec: number): number {
  return report.windows
    .filter((w) => w.fromSec >= fromSec)
    .reduce((n, w) => n + (w.requests[target] ?? 0), 0);
}

describe('connection reuse: requests ride one connection to one target', () => {
  it('a constant count of 4: every target gets whole connections of 4 requests', async () => {
    // One client, a picker with no memory: only the connection keeps requests together.
    const report = await simulate(
      reuse(
        [10, 10, 10],
        {
          clients: 1,
          ratePerSec: 50,
          requestsPerConnection: { mean: 4, distribution: 'constant' },
        },
        {},
        { algorithm: 'random' },
      ),
    );
    let partial = 0;
    for (const s of report.servers) {
      expect(s.connections).toBeGreaterThan(0);
      partial += 4 * s.connections! - s.requests;
    }
    // Only the connection still open at the end carries fewer than 4.
    expect(partial).toBeGreaterThanOrEqual(0);
    expect(partial).toBeLessThan(4);
    expect(report.connections).toBe(report.servers.reduce((n, s) => n + s.connections!, 0));
  });

  it('geometric with mean 5: requests / connections is 5 over many connections', async () => {
    const report = await simulate(
      reuse([10, 30], { clients: 100, ratePerSec: 1000, requestsPerConnection: { mean: 5 } }),
    );
    const requests = report.servers.reduce((n, s) => n + s.requests, 0);
    // 12 000 connections: the mean of their counts is within 2 % (a standard error is 0.8 %),
    // and the at most 100 left open at the end take off less than 1 %.
    expect(Math.abs(requests / report.connections! - 5) / 5).toBeLessThan(0.03);
    // Connections are what gets balanced: they follow the weights.
    const b = server(report, 'ins-1:8080');
    expect(Math.abs(b.connections! / report.connections! - 0.75)).toBeLessThan(0.02);
  });

  it('a client idle past the listener idle timeout opens a new connection', async () => {
    // 100 clients at 10 requests a second: a client comes back every 10 s on average, the
    // connection idles out after 1 s, so nearly every request opens one.
    const report = await simulate(
      reuse(
        [10, 10],
        {
          clients: 100,
          ratePerSec: 10,
          requestsPerConnection: { mean: 50, distribution: 'constant' },
        },
        {},
        { idleTimeoutSec: 1 },
      ),
    );
    const requests = report.servers.reduce((n, s) => n + s.requests, 0);
    expect(report.connections! / requests).toBeGreaterThan(0.85);
  });

  it('unbinding a target ends its connections at once; weight 0 lets them carry on', async () => {
    const traffic = {
      clients: 20,
      ratePerSec: 200,
      requestsPerConnection: { mean: 100_000, distribution: 'constant' },
    };
    const event = (op: Json): Json => ({
      events: [{ atSec: 30, listener: 'tcp-80', targets: ['ins-0:8080'], ...op }],
    });
    const unbound = await simulate(reuse([10, 10], traffic, event({ op: 'unbind' })));
    const drained = await simulate(reuse([10, 10], traffic, event({ op: 'setWeight', weight: 0 })));
    expect(requestsFrom(unbound, 'ins-0:8080', 30)).toBe(0);
    // Draining: the connections already open keep going to ins-0 (SPEC: they continue until they end).
    expect(requestsFrom(drained, 'ins-0:8080', 30)).toBeGreaterThan(1000);
    // The clients that were on ins-0 reconnect to ins-1 after the unbind.
    expect(server(unbound, 'ins-1:8080').connections).toBeGreaterThan(
      server(drained, 'ins-1:8080').connections!,
    );
  });

  it('a failed forward ends the connection: the client reconnects elsewhere once checks notice', async () => {
    const report = await simulate(
      reuse(
        [10, 10],
        {
          clients: 20,
          ratePerSec: 200,
          requestsPerConnection: { mean: 100_000, distribution: 'constant' },
        },
        { events: [{ atSec: 20, op: 'down', instance: 'ins-0' }] },
      ),
    );
    const a = server(report, 'ins-0:8080');
    // Every failed request broke its connection: the client picked anew each time.
    expect(a.connections).toBeGreaterThanOrEqual(a.failed);
    expect(a.failed).toBeGreaterThan(0);
    // After health checks took ins-0 out (3 probes of 5 s), nothing rides to it.
    expect(requestsFrom(report, 'ins-0:8080', 40)).toBe(0);
  });
});

describe('connection reuse: the report', () => {
  it('without the field: no connections anywhere (reports as before)', async () => {
    const report = await simulate(tcpScenario([10, 10]));
    expect(report.connections).toBeUndefined();
    expect(report.servers.every((s) => s.connections === undefined)).toBe(true);
    expect(renderJson(report)).not.toContain('connections');
    expect(renderTable(report)).not.toContain('connections');
  });

  it('mean 1: one connection per request, shown in JSON, table and HTML', async () => {
    const report = await simulate(reuse([10, 10], { requestsPerConnection: { mean: 1 } }));
    for (const s of report.servers) expect(s.connections).toBe(s.requests);
    expect(report.connections).toBe(report.requests);
    expect(renderJson(report)).toMatch(/"requests": \d+,\n {2}"connections": \d+,/);
    const table = renderTable(report);
    expect(table).toContain(`| connections ${report.connections!.toLocaleString('en-US')}`);
    expect(table).toMatch(/target +weight +requests +connections +share %/);
    expect(renderHtml(report)).toContain('<th class="n">connections</th>');
  });

  it('layer-7 targets count no connections: each request is balanced on its own', async () => {
    const s = reuse([10], { requestsPerConnection: { mean: 5 } });
    const listeners = s['listeners'] as Json[];
    listeners.push({
      id: 'http-81',
      protocol: 'HTTP',
      port: 81,
      rules: [
        { domain: 'www.example.com', path: '/', targets: [{ instance: 'ins-0', port: 8080 }] },
      ],
    });
    const traffic = s['traffic'] as Json;
    traffic['mix'] = [
      { listener: 'tcp-80' },
      { listener: 'http-81', host: 'www.example.com', path: '/' },
    ];
    const report = await simulate(s);
    const l7 = report.servers.find((x) => x.listener === 'http-81')!;
    const l4 = report.servers.find((x) => x.listener === 'tcp-80')!;
    expect(l7.connections).toBeUndefined();
    expect(l4.connections).toBeLessThan(l4.requests);
    expect(report.connections).toBe(l4.connections);
  });
});

describe('connection reuse: validation', () => {
  function issues(scenario: Json): { path: string; message: string }[] {
    try {
      validateScenario(scenario);
      return [];
    } catch (e) {
      if (e instanceof ScenarioError) return [...e.issues];
      throw e;
    }
  }

  it.each([
    [{ mean: 0.5 }, 'traffic.requestsPerConnection.mean'],
    [{ mean: 2.5, distribution: 'constant' }, 'traffic.requestsPerConnection.mean'],
    [{ mean: 3, distribution: 'poisson' }, 'traffic.requestsPerConnection.distribution'],
    [{ mean: 3, spread: 1 }, 'traffic.requestsPerConnection.spread'],
  ])('refuses %j at %s', (field, path) => {
    const found = issues(reuse([10], { requestsPerConnection: field }));
    expect(found.map((i) => i.path)).toContain(path);
  });

  it('warns when only layer-7 listeners get requests', () => {
    const s = tcpScenario([10]);
    const l7 = {
      id: 'http-80',
      protocol: 'HTTP',
      port: 80,
      rules: [
        { domain: 'www.example.com', path: '/', targets: [{ instance: 'ins-0', port: 8080 }] },
      ],
    };
    const scenario = validateScenario({
      ...s,
      listeners: [l7],
      traffic: { requestsPerConnection: { mean: 5 } },
    });
    expect(scenario.warnings?.map((w) => w.path)).toContain('traffic.requestsPerConnection');
    const l4 = validateScenario(reuse([10], { requestsPerConnection: { mean: 5 } }));
    expect(l4.warnings?.map((w) => w.path)).not.toContain('traffic.requestsPerConnection');
  });
});
