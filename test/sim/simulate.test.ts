import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALGORITHMS } from '../../src/balancer/algorithms.js';
import { ScenarioError } from '../../src/errors.js';
import { renderJson } from '../../src/report/render-json.js';
import type { Report, ServerReport } from '../../src/report/types.js';
import { DEFAULT_SCENARIO } from '../../src/scenario/default-scenario.js';
import { simulate } from '../../src/sim/simulate.js';
import { instances, tcpScenario, type Json } from './scenarios.js';

function server(report: Report, target: string, listener = 'tcp-80'): ServerReport {
  const s = report.servers.find((x) => x.target === target && x.listener === listener);
  if (s === undefined) throw new Error(`no server ${target}`);
  return s;
}

/** Requests a target got in windows starting at or after `fromSec` (and before `toSec`). */
function requestsBetween(
  report: Report,
  target: string,
  fromSec: number,
  toSec = Infinity,
): number {
  return report.windows
    .filter((w) => w.fromSec >= fromSec && w.toSec <= toSec)
    .reduce((n, w) => n + (w.requests[target] ?? 0), 0);
}

describe('simulate: shares', () => {
  it('splits requests in proportion to weight (wrr, exact to a request)', async () => {
    const report = await simulate(tcpScenario([10, 20, 30]));
    const total = report.requests;
    expect(report.unserved).toBe(0);
    [10, 20, 30].forEach((w, i) => {
      const s = server(report, `ins-${i}:8080`);
      expect(Math.abs(s.requests - (total * w) / 60)).toBeLessThanOrEqual(1);
      expect(s.expectedShare).toBeCloseTo(w / 60, 6);
    });
  });

  // Least request divides weights by in-flight requests: under load its shares are not the
  // weights' (test/sim/least-request.test.ts says what they are).
  it.each(ALGORITHMS.filter((a) => a !== 'wrr' && a !== 'least-request'))(
    '%s follows weights within a statistical bound',
    async (algorithm) => {
      const report = await simulate(
        tcpScenario([10, 30], { traffic: { ratePerSec: 1000, clients: 50_000 } }, { algorithm }),
      );
      const s = server(report, 'ins-1:8080');
      // 60k requests: 4 sigma is under 1 point; hashing over 50k clients adds table granularity.
      expect(Math.abs(s.share - 0.75)).toBeLessThan(0.03);
    },
  );

  it('gives a weight-0 target no requests', async () => {
    const report = await simulate(tcpScenario([10, 0, 10]));
    expect(server(report, 'ins-1:8080').requests).toBe(0);
    expect(server(report, 'ins-1:8080').expectedShare).toBe(0);
  });
});

describe('simulate: draining and binding', () => {
  it('a target drained mid-run takes no new requests after the change', async () => {
    const report = await simulate(
      tcpScenario([10, 10], {
        events: [
          { atSec: 30, op: 'setWeight', listener: 'tcp-80', target: 'ins-0:8080', weight: 0 },
        ],
      }),
    );
    expect(requestsBetween(report, 'ins-0:8080', 0, 30)).toBeGreaterThan(10_000);
    expect(requestsBetween(report, 'ins-0:8080', 30)).toBe(0);
    // Half the time at half the weight: a quarter of the traffic expected.
    expect(server(report, 'ins-0:8080').expectedShare).toBeCloseTo(0.25, 2);
  });

  it('a drained target keeps its persisted sessions until they expire', async () => {
    const report = await simulate(
      tcpScenario(
        [10, 10],
        {
          traffic: { ratePerSec: 1000, clients: 200 },
          events: [
            { atSec: 20, op: 'setWeight', listener: 'tcp-80', target: 'ins-0:8080', weight: 0 },
          ],
        },
        { session: { timeoutSec: 30 } },
      ),
    );
    // Every client returns every ~0.2 s, so its session never idles out: ins-0 keeps its clients.
    expect(requestsBetween(report, 'ins-0:8080', 30)).toBeGreaterThan(5000);
    expect(server(report, 'ins-0:8080').newSessions).toBeLessThanOrEqual(200);
  });

  it('sessions stick until they idle past the timeout, then expire', async () => {
    const run = (ratePerSec: number) =>
      simulate(
        tcpScenario(
          [10, 10],
          { durationSec: 300, traffic: { ratePerSec, clients: 100 } },
          { session: { timeoutSec: 30 } },
        ),
      );
    // 1000 rps over 100 clients: each returns every 0.1 s on average and never idles out.
    const busy = await run(1000);
    for (const s of busy.servers) expect(s.sessionsExpired).toBe(0);
    expect(busy.servers.reduce((n, s) => n + s.newSessions, 0)).toBe(100);
    // 1 rps: a client returns every 100 s on average, so most sessions expire in between.
    const idle = await run(1);
    const expired = idle.servers.reduce((n, s) => n + s.sessionsExpired, 0);
    const created = idle.servers.reduce((n, s) => n + s.newSessions, 0);
    expect(expired).toBeGreaterThan(0.6 * created);
    expect(expired).toBeLessThanOrEqual(created);
  });

  it('unbinding drops the target and its sessions at once', async () => {
    const report = await simulate(
      tcpScenario(
        [10, 10],
        {
          traffic: { ratePerSec: 1000, clients: 200 },
          events: [{ atSec: 20, op: 'unbind', listener: 'tcp-80', target: 'ins-0:8080' }],
        },
        { session: { timeoutSec: 300 } },
      ),
    );
    expect(requestsBetween(report, 'ins-0:8080', 20)).toBe(0);
    expect(report.events[0]!.sessionsDropped).toBeGreaterThan(50);
  });

  it('a newly bound target gets traffic only after passing the healthy threshold', async () => {
    const scenario = tcpScenario([10]);
    (scenario['instances'] as Json[]).push(...instances(2).slice(1));
    scenario['events'] = [
      {
        atSec: 20,
        op: 'bind',
        listener: 'tcp-80',
        targets: [{ instance: 'ins-1', port: 8080, weight: 10 }],
      },
    ];
    const report = await simulate(scenario);
    const s = server(report, 'ins-1:8080');
    expect(s.health[0]).toEqual({ atSec: 20, state: 'probing' });
    const healthyAt = s.health.find((h) => h.state === 'healthy')!.atSec;
    // Three successful probes, 5 s apart, the first within 5 s of binding.
    expect(healthyAt).toBeGreaterThanOrEqual(30);
    expect(healthyAt).toBeLessThanOrEqual(35);
    expect(requestsBetween(report, 'ins-1:8080', 20, 30)).toBe(0);
    expect(requestsBetween(report, 'ins-1:8080', 40)).toBeGreaterThan(5000);
  });
});

describe('simulate: reschedule and stickiness under change', () => {
  it("reschedule on weight 0 moves a drained target's sessions away over the window", async () => {
    const drain = {
      atSec: 20,
      op: 'setWeight',
      listener: 'tcp-80',
      target: 'ins-0:8080',
      weight: 0,
    };
    const run = (on: boolean) =>
      simulate(
        tcpScenario(
          [10, 10],
          { traffic: { ratePerSec: 1000, clients: 200 }, events: [drain] },
          {
            session: { timeoutSec: 300 },
            reschedule: { onWeightZero: on, windowSec: 10 },
          },
        ),
      );
    const [off, on] = await Promise.all([run(false), run(true)]);
    expect(requestsBetween(off, 'ins-0:8080', 30)).toBeGreaterThan(5000);
    expect(requestsBetween(on, 'ins-0:8080', 20, 30)).toBeGreaterThan(0);
    expect(requestsBetween(on, 'ins-0:8080', 30)).toBe(0);
    // About half of the 200 clients had a session on ins-0; each moved once.
    expect(on.events[0]!.sessionsMoved).toBeGreaterThan(80);
    expect(on.events[0]!.sessionsMoved).toBeLessThan(120);
    expect(on.events[0]!.movedTo).toEqual({ 'ins-1:8080': on.events[0]!.sessionsMoved });
  });

  it('ring hash remaps only the clients of an unbound target; ip-hash remaps many more', async () => {
    const unbind = { atSec: 20, op: 'unbind', listener: 'tcp-80', target: 'ins-3:8080' };
    const run = (algorithm: string) =>
      simulate(
        tcpScenario(
          Array.from({ length: 10 }, () => 10),
          { traffic: { ratePerSec: 2000, clients: 2000 }, events: [unbind] },
          { algorithm },
        ),
      );
    const ring = await run('ring-hash');
    // The removed target held about a tenth of the 2000 clients; nobody else moves.
    const before = ring.windows.filter((w) => w.toSec <= 20);
    const shareBefore =
      before.reduce((n, w) => n + w.requests['ins-3:8080']!, 0) /
      before.reduce((n, w) => n + Object.values(w.requests).reduce((a, b) => a + b, 0), 0);
    expect(ring.events[0]!.clientsRemapped).toBeGreaterThan(0.8 * shareBefore * 2000);
    expect(ring.events[0]!.clientsRemapped).toBeLessThanOrEqual(1.2 * shareBefore * 2000);
    const ipHash = await run('ip-hash');
    expect(ipHash.events[0]!.clientsRemapped).toBeGreaterThan(3 * ring.events[0]!.clientsRemapped);
  });
});

describe('simulate: attribution of moves to events', () => {
  it("credits each listener's remapped clients to the event that changed it, even at the same second", async () => {
    const scenario = tcpScenario(
      Array.from({ length: 10 }, () => 10),
      {
        traffic: { ratePerSec: 2000, clients: 2000 },
        events: [
          { atSec: 20, op: 'unbind', listener: 'tcp-80', target: 'ins-3:8080' },
          { atSec: 20, op: 'unbind', listener: 'tcp-81', target: 'ins-3:8080' },
        ],
      },
    );
    const listeners = scenario['listeners'] as Json[];
    listeners[0]!['algorithm'] = 'ring-hash';
    listeners.push({ ...listeners[0], id: 'tcp-81', port: 81, algorithm: 'ip-hash' });
    const report = await simulate(scenario);
    const [ring, ipHash] = report.events;
    // Every client uses both listeners: about 200 of the 2000 were on ins-3 in the ring.
    expect(ring!.clientsRemapped).toBeGreaterThan(150);
    expect(ring!.clientsRemapped).toBeLessThan(260);
    expect(ipHash!.clientsRemapped).toBeGreaterThan(3 * ring!.clientsRemapped);
  });
});

describe('simulate: health', () => {
  it('an outage fails requests until detected, then the target gets nothing until it recovers', async () => {
    const report = await simulate(
      tcpScenario([10, 10], {
        durationSec: 120,
        events: [
          { atSec: 30, op: 'down', instance: 'ins-0' },
          { atSec: 70, op: 'up', instance: 'ins-0' },
        ],
      }),
    );
    const s = server(report, 'ins-0:8080');
    const abnormalAt = s.health.find((h) => h.state === 'abnormal')!.atSec;
    // Three failed probes (5 s apart, each known after the 2 s timeout).
    expect(abnormalAt).toBeGreaterThan(30 + 10);
    expect(abnormalAt).toBeLessThanOrEqual(30 + 15 + 2);
    // Its half of the traffic (500 rps) between the outage and its detection failed.
    expect(s.failed).toBeGreaterThan(0.9 * 500 * (abnormalAt - 30));
    expect(s.failed).toBeLessThan(1.1 * 500 * (abnormalAt - 30));
    expect(requestsBetween(report, 'ins-0:8080', Math.ceil(abnormalAt / 10) * 10, 70)).toBe(0);
    const healthyAgain = s.health.filter((h) => h.state === 'healthy').pop()!.atSec;
    expect(healthyAgain).toBeGreaterThan(70);
    expect(healthyAgain).toBeLessThanOrEqual(70 + 15);
    expect(requestsBetween(report, 'ins-0:8080', 90)).toBeGreaterThan(5000);
  });

  it('a security group that drops the VIP makes every target abnormal, and the LB fails open', async () => {
    const report = await simulate(
      tcpScenario([10, 30], {
        securityGroups: [
          {
            id: 'sg-open',
            inbound: [
              { source: '203.0.113.10', port: 'ALL', action: 'drop' },
              { source: '0.0.0.0/0', port: 'ALL', action: 'allow' },
            ],
          },
        ],
      }),
    );
    for (const s of report.servers) expect(s.health.map((h) => h.state)).toContain('abnormal');
    expect(report.unserved).toBe(0);
    // Once all are abnormal, all take traffic by weight again; the seconds between the two
    // detections (one target abnormal, the other not yet) show in the expected share too.
    const s = server(report, 'ins-1:8080');
    expect(s.share).toBeCloseTo(s.expectedShare, 2);
    expect(
      requestsBetween(report, 'ins-1:8080', 30) / requestsBetween(report, 'ins-0:8080', 30),
    ).toBeCloseTo(3, 1);
  });

  /** One target, ten clients from 198.51.100.0, and the target's inbound rules. */
  const behindRules = (inbound: Json[]) =>
    simulate(
      tcpScenario([10], {
        traffic: { ratePerSec: 100, clients: 10, clientCidr: '198.51.100.0/24' },
        securityGroups: [{ id: 'sg-open', inbound }],
      }),
    );

  it('the order trap: a drop rule after allow-all has no effect', async () => {
    const report = await behindRules([
      { source: '0.0.0.0/0', port: 'ALL', action: 'allow' },
      { source: '198.51.100.0/24', port: '8080', action: 'drop' },
    ]);
    expect(server(report, 'ins-0:8080').blocked).toBe(0);
  });

  it('counts requests from clients the security group drops as blocked', async () => {
    const report = await behindRules([
      { source: '198.51.100.0/30', port: '8080', action: 'drop' },
      { source: '0.0.0.0/0', port: 'ALL', action: 'allow' },
    ]);
    const s = server(report, 'ins-0:8080');
    // 4 of the 10 clients (.0-.3) are dropped.
    expect(s.blocked / s.requests).toBeGreaterThan(0.3);
    expect(s.blocked / s.requests).toBeLessThan(0.5);
  });
});

describe('simulate: control events', () => {
  it('with health checks off, a down instance is never detected and its requests fail', async () => {
    const report = await simulate(
      tcpScenario(
        [10, 10],
        { events: [{ atSec: 30, op: 'down', instance: 'ins-0' }] },
        { healthCheck: { enabled: false } },
      ),
    );
    const s = server(report, 'ins-0:8080');
    expect(s.health).toEqual([{ atSec: 0, state: 'closed' }]);
    expect(s.failed).toBe(requestsBetween(report, 'ins-0:8080', 30));
    expect(s.failed).toBeGreaterThan(10_000);
  });

  it('runs health checks to the end of the run, even after the last request', async () => {
    const report = await simulate(
      tcpScenario([10, 10], {
        durationSec: 300,
        traffic: { ratePerSec: 0.01, clients: 10 },
        events: [{ atSec: 100, op: 'down', instance: 'ins-0' }],
      }),
    );
    const s = server(report, 'ins-0:8080');
    expect(s.health.map((h) => h.state)).toEqual(['healthy', 'abnormal']);
    // Abnormal from about 115 s: about 185 of 300 s not eligible, so well under half expected.
    expect(s.expectedShare).toBeLessThan(0.35);
  });

  it('setPort onto the id of an unbound target keeps both histories', async () => {
    const scenario = tcpScenario([10, 10]);
    (scenario['listeners'] as Json[])[0]!['targets'] = [
      { instance: 'ins-0', port: 80 },
      { instance: 'ins-0', port: 81 },
      { instance: 'ins-1', port: 80 },
    ];
    scenario['events'] = [
      { atSec: 10, op: 'unbind', listener: 'tcp-80', target: 'ins-0:80' },
      { atSec: 20, op: 'setPort', listener: 'tcp-80', target: 'ins-0:81', port: 80 },
      { atSec: 30, op: 'setWeight', listener: 'tcp-80', target: 'ins-1:80', weight: 20 },
    ];
    const report = await simulate(scenario);
    expect(report.servers.map((s) => s.target)).toEqual(['ins-0:80', 'ins-0:80', 'ins-1:80']);
    expect(report.servers[1]!.requests).toBeGreaterThan(report.servers[0]!.requests);
  });

  it('a security group change blocks clients from then on', async () => {
    const report = await simulate(
      tcpScenario([10], {
        traffic: { ratePerSec: 500, clients: 100, clientCidr: '198.51.100.0/24' },
        events: [
          {
            atSec: 30,
            op: 'setSecurityGroup',
            securityGroup: 'sg-open',
            inbound: [
              { source: '203.0.113.10', port: 'ALL', action: 'allow' },
              { source: '198.51.100.0/24', port: '8080', action: 'drop' },
            ],
          },
        ],
      }),
    );
    const s = server(report, 'ins-0:8080');
    // The VIP is still allowed (the target stays healthy); every client after 30 s is blocked.
    expect(s.health).toEqual([{ atSec: 0, state: 'healthy' }]);
    expect(s.blocked).toBe(requestsBetween(report, 'ins-0:8080', 30));
    expect(s.blocked).toBeGreaterThan(10_000);
  });

  it('setPort renames the target and checks its groups on the new port', async () => {
    const scenario = tcpScenario([10], {
      events: [{ atSec: 30, op: 'setPort', listener: 'tcp-80', target: 'ins-0:8080', port: 9090 }],
      securityGroups: [
        { id: 'sg-open', inbound: [{ source: '0.0.0.0/0', port: '8080', action: 'allow' }] },
      ],
    });
    const report = await simulate(scenario);
    const s = report.servers[0]!;
    expect(s.target).toBe('ins-0:9090');
    // Port 9090 is not allowed: clients are blocked and probes fail, then the LB fails open.
    expect(s.blocked).toBeGreaterThan(0);
    expect(s.health.map((h) => h.state)).toContain('abnormal');
    expect(report.unserved).toBe(0);
  });

  it('scale-out binds launched instances after probing; reschedule-on-scale rebalances sessions', async () => {
    const scale = {
      atSec: 20,
      op: 'scale',
      listener: 'tcp-80',
      port: 8080,
      weight: 10,
      add: [
        { id: 'ins-new-1', privateIp: '10.0.0.101', securityGroups: ['sg-open'] },
        { id: 'ins-new-2', privateIp: '10.0.0.102', securityGroups: ['sg-open'] },
      ],
    };
    const run = (onScale: boolean) =>
      simulate(
        tcpScenario(
          [10, 10],
          { durationSec: 90, traffic: { ratePerSec: 1000, clients: 400 }, events: [scale] },
          { session: { timeoutSec: 600 }, reschedule: { onScale, windowSec: 0 } },
        ),
      );
    const [sticky, rebalanced] = await Promise.all([run(false), run(true)]);
    // Without rescheduling every client keeps its session: the new instances get nobody.
    expect(server(sticky, 'ins-new-1:8080').requests).toBe(0);
    expect(sticky.events[0]!.sessionsMoved).toBe(0);
    // With it, every session is handed to wrr again once both new instances are healthy: half of
    // the 400 clients land on the new ones (and wrr's rotation moves some between the old ones).
    const { movedTo } = rebalanced.events[0]!;
    const toNew = (movedTo['ins-new-1:8080'] ?? 0) + (movedTo['ins-new-2:8080'] ?? 0);
    expect(toNew).toBeGreaterThan(160);
    expect(toNew).toBeLessThan(240);
    expect(Math.abs(movedTo['ins-new-1:8080']! - movedTo['ins-new-2:8080']!)).toBeLessThan(20);
    expect(requestsBetween(rebalanced, 'ins-new-1:8080', 40)).toBeGreaterThan(5000);
    expect(server(rebalanced, 'ins-new-1:8080').health[0]).toEqual({ atSec: 20, state: 'probing' });
  });
});

describe('simulate: sessions and layer 7', () => {
  it('measures the unevenness session persistence causes with few heavy clients', async () => {
    const base = { traffic: { ratePerSec: 500, clients: 6, popularity: { zipf: 1.5 } } };
    const sticky = await simulate(
      tcpScenario([10, 10, 10], base, { session: { timeoutSec: 600 } }),
    );
    const plain = await simulate(tcpScenario([10, 10, 10], base));
    const spread = (r: Report) =>
      Math.max(...r.servers.map((s) => Math.abs(s.share - s.expectedShare)));
    expect(spread(plain)).toBeLessThan(0.01);
    expect(spread(sticky)).toBeGreaterThan(0.1);
  });

  it('routes layer-7 requests by host and path and counts 404s as unserved', async () => {
    const scenario = tcpScenario([10, 10, 10], {
      traffic: {
        ratePerSec: 1000,
        clients: 1000,
        mix: [
          { listener: 'http-80', host: 'www.example.com', path: '/static/a.png', weight: 1 },
          { listener: 'http-80', host: 'www.example.com', path: '/index.html', weight: 1 },
          { listener: 'http-80', host: 'api.example.com', path: '/nothing', weight: 1 },
        ],
      },
    });
    scenario['listeners'] = [
      {
        id: 'http-80',
        protocol: 'HTTP',
        port: 80,
        rules: [
          {
            domain: 'www.example.com',
            path: '/static/',
            targets: [{ instance: 'ins-0', port: 8080, weight: 10 }],
          },
          { domain: 'www.example.com', path: '/', targets: [{ instance: 'ins-1', port: 8080 }] },
          { domain: 'api.example.com', path: '=/v1', targets: [{ instance: 'ins-2', port: 8080 }] },
        ],
      },
    ];
    const report = await simulate(scenario);
    const byRule = (rule: string) => report.servers.find((s) => s.rule === rule)!;
    expect(byRule('www.example.com/static/').requests / report.requests).toBeCloseTo(1 / 3, 1);
    expect(byRule('www.example.com/').requests / report.requests).toBeCloseTo(1 / 3, 1);
    expect(byRule('api.example.com=/v1').requests).toBe(0);
    expect(report.unserved / report.requests).toBeCloseTo(1 / 3, 1);
  });

  it('reports how each backend sees the client address: passed through, or TOA/XFF behind SNAT', async () => {
    const scenario = tcpScenario([10], { durationSec: 5 });
    const lb = scenario['loadBalancer'] as Json;
    lb['backendMode'] = 'non-vpc-ips';
    lb['snatIps'] = ['10.0.9.9'];
    const idc = { ip: '192.168.10.5', port: 8080, weight: 10 };
    const listeners = scenario['listeners'] as Json[];
    (listeners[0]!['targets'] as Json[]).push(idc);
    listeners.push(
      { id: 'udp-53', protocol: 'UDP', port: 53, targets: [idc] },
      {
        id: 'http-80',
        protocol: 'HTTP',
        port: 8000,
        rules: [{ domain: 'a.example.com', path: '/', targets: [idc] }],
      },
    );
    const report = await simulate(scenario);
    expect(report.servers.map((s) => [s.listener, s.target, s.clientAddress])).toEqual([
      ['tcp-80', 'ins-0:8080', 'source'],
      ['tcp-80', '192.168.10.5:8080', 'toa'],
      ['udp-53', '192.168.10.5:8080', 'hidden'],
      ['http-80', '192.168.10.5:8080', 'x-forwarded-for'],
    ]);
  });

  it('release unbinds, except cross-region 2.0 targets that stay bound and turn abnormal', async () => {
    const scenario = tcpScenario([10, 10, 10], {
      durationSec: 90,
      events: [
        { atSec: 20, op: 'release', instance: 'ins-0' },
        { atSec: 20, op: 'release', instance: 'ins-2' },
      ],
    });
    const lb = scenario['loadBalancer'] as Json;
    lb['backendMode'] = 'non-vpc-ips';
    (scenario['instances'] as Json[])[2] = {
      ...(scenario['instances'] as Json[])[2],
      region: 'ap-shanghai',
      vpcId: 'vpc-sh',
    };
    const report = await simulate(scenario);
    expect(requestsBetween(report, 'ins-0:8080', 20)).toBe(0);
    const far = server(report, 'ins-2:8080');
    expect(far.health.map((h) => h.state)).toContain('abnormal');
    expect(far.failed).toBeGreaterThan(0);
    expect(requestsBetween(report, 'ins-2:8080', 40)).toBe(0);
  });
});

describe('simulate: counts that add up', () => {
  it('reports retries, so target requests plus unserved equal requests plus retries', async () => {
    // The default scenario has HTTP listeners whose failed forwards are retried elsewhere.
    const report = await simulate(DEFAULT_SCENARIO);
    const forwarded = report.servers.reduce((n, s) => n + s.requests, 0);
    expect(report.retries).toBeGreaterThan(0);
    expect(forwarded + report.unserved).toBe(report.requests + report.retries);
  });
});

describe('simulate: determinism and bad input', () => {
  it('gives byte-identical JSON for the same seed, and different picks for another seed', async () => {
    const scenario = structuredClone(DEFAULT_SCENARIO) as Json;
    const a = renderJson(await simulate(scenario));
    const b = renderJson(await simulate(structuredClone(DEFAULT_SCENARIO)));
    expect(a).toBe(b);
    const c = renderJson(await simulate({ ...scenario, seed: 'other' }));
    expect(c).not.toBe(a);
  });

  it('accepts any damaged scenario with a report or a ScenarioError, nothing else', async () => {
    const base = tcpScenario([10, 20], {
      durationSec: 5,
      traffic: { ratePerSec: 200, clients: 50 },
    });
    const paths: string[][] = [];
    const walk = (v: unknown, path: string[]) => {
      paths.push(path);
      if (v !== null && typeof v === 'object') {
        for (const [k, child] of Object.entries(v)) walk(child, [...path, k]);
      }
    };
    walk(base, []);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...paths.slice(1)), fc.jsonValue(), fc.boolean()), {
          minLength: 1,
          maxLength: 3,
        }),
        async (damages) => {
          const scenario = structuredClone(base);
          for (const [path, value, remove] of damages) {
            let node: Record<string, unknown> = scenario;
            for (const key of path.slice(0, -1)) {
              const next = node[key];
              if (next === null || typeof next !== 'object') return;
              node = next as Record<string, unknown>;
            }
            const last = path[path.length - 1]!;
            if (remove) Reflect.deleteProperty(node, last);
            else node[last] = value;
          }
          try {
            const report = await simulate(scenario, { maxRequests: 1e5 });
            expect(report.requests).toBeGreaterThanOrEqual(0);
          } catch (error) {
            expect(error).toBeInstanceOf(ScenarioError);
            for (const issue of (error as ScenarioError).issues) {
              expect(typeof issue.path).toBe('string');
              expect(typeof issue.message).toBe('string');
            }
          }
        },
      ),
      { seed: 1234, numRuns: 150 },
    );
  });
});
