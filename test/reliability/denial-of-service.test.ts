/**
 * Denial-of-service cases from issue 8: each is refused at validation, with the estimate and the
 * option that raises the cap, or finishes (vitest's timeout is the bound; no wall-clock asserts).
 */
import { describe, expect, it } from 'vitest';
import { formatIssue, ScenarioError, simulate, validateScenario } from '../../src/index.js';
import { estimateWork } from '../../src/scenario/work-bounds.js';
import { reportInvariants } from './invariants.js';
import { buildScenario, ins, targets } from './scenario-builder.js';

function issuesOf(json: unknown, options = {}): { path: string; message: string }[] {
  try {
    validateScenario(json, options);
  } catch (error) {
    if (error instanceof ScenarioError) return [...error.issues];
    throw error;
  }
  return [];
}

describe('regexes', () => {
  it('runs a backtracking pattern over a 10,000-character host and path (RE2: linear time)', async () => {
    const long = 'a'.repeat(10_000);
    const json = buildScenario({
      instances: 2,
      listeners: [
        {
          id: 'http',
          protocol: 'HTTP',
          port: 80,
          rules: [
            { domain: '~^(a+)+$', path: '~^/(a+)+$', targets: targets(0, 1) },
            { domain: 'b.test', path: '/', targets: targets(1, 2) },
          ],
        },
      ],
      mix: [
        { listener: 'http', host: long, path: `/${long}`, weight: 1 },
        { listener: 'http', host: `${long}!`, path: `/${long}!`, weight: 1 },
      ],
    });
    const report = await simulate(json);
    const regexRule = report.servers.find((s) => s.target === 'ins-0:80')!;
    expect(regexRule.requests).toBeGreaterThan(0);
    // The second entry falls back to the default domain (the regex rule's), whose path does not match: 404.
    expect(report.unserved).toBeGreaterThan(0);
  });
});

describe('health probes', () => {
  it('counts the probes of targets bound later by bind and scale events', () => {
    const json = buildScenario({
      instances: 100,
      durationSec: 5e7,
      ratePerSec: 0.001,
      windowSec: 1e4,
      listeners: [
        {
          id: 'tcp',
          protocol: 'TCP',
          port: 80,
          healthCheck: { intervalSec: 3 },
          targets: targets(0, 1),
        },
      ],
      events: [{ atSec: 1, op: 'bind', listener: 'tcp', port: 80, targets: targets(1, 100) }],
    });
    const [issue] = issuesOf(json);
    expect(issue?.path).toBe('durationSec');
    expect(issue?.message).toMatch(/1\.67e\+9 health probes .* over the cap of 1e\+9/);
    expect(issue?.message).toContain('"maxRequests"');
  });
});

describe('events', () => {
  it('refuses more events than options.maxEvents before replaying them', () => {
    const events = Array.from({ length: 100_001 }, (_, i) => ({
      atSec: i / 1e4,
      op: 'up',
      instance: ins(0),
    }));
    expect(issuesOf(buildScenario({ events }))).toEqual([
      {
        path: 'events',
        message:
          'holds 100001 events, over the cap of 100000; raise it with "options": { "maxEvents": ... } in the scenario',
      },
    ]);
    const raised = buildScenario({ events: events.slice(0, 20), options: { maxEvents: 10 } });
    expect(issuesOf(raised)[0]?.path).toBe('events');
  });

  it('counts each event’s picker rebuild: 2,000 weight changes on a 100-target Maglev pool', () => {
    const json = buildScenario({
      instances: 100,
      listeners: [
        { id: 'tcp', protocol: 'TCP', port: 80, algorithm: 'maglev', targets: targets(0, 100) },
      ],
      events: Array.from({ length: 2000 }, (_, i) => ({
        atSec: i / 1000,
        op: 'setWeight',
        listener: 'tcp',
        target: `${ins(i % 100)}:80`,
        weight: 1 + (i % 100),
      })),
    });
    const [issue] = issuesOf(json);
    expect(issue?.path).toBe('events');
    expect(issue?.message).toMatch(/2001 picker rebuilds costing 2\.1e\+9 \(Maglev table slots/);
    expect(estimateWork(validateScenario(json, { maxRequests: 1e12 })).rebuilds).toBeGreaterThan(
      2000,
    );
  });

  it('counts passive-check ejections of a down target: every 10 s, a rebuild each way', () => {
    const json = buildScenario({
      instances: 100,
      state: 'stopped',
      durationSec: 1e6,
      ratePerSec: 500,
      windowSec: 1000,
      listeners: [
        {
          id: 'ssl',
          protocol: 'TCP_SSL',
          port: 443,
          algorithm: 'maglev',
          healthCheck: { enabled: false },
          targets: targets(0, 100),
        },
      ],
    });
    const [issue] = issuesOf(json);
    expect(issue?.message).toMatch(/picker rebuilds/);
  });
});

describe('memory', () => {
  it('refuses 50 persistent listeners × 2^24 clients (sessions are in the budget)', () => {
    const json = buildScenario({
      instances: 1,
      ratePerSec: 1e6,
      durationSec: 900,
      clients: 2 ** 24,
      listeners: Array.from({ length: 50 }, (_, i) => ({
        id: `tcp-${i}`,
        protocol: 'TCP',
        port: 1000 + i,
        session: { timeoutSec: 3600 },
        targets: targets(0, 1),
      })),
    });
    const issues = issuesOf(json);
    const memory = issues.find((i) => i.path === 'options.maxMemoryMb');
    expect(memory?.message).toMatch(/session tables .* over the cap of 1536 MiB/);
    expect(memory?.message).toContain('"maxMemoryMb"');
  });
});

describe('windows and numbers', () => {
  it('refuses window widths and durations the engine cannot compute with', () => {
    expect(issuesOf(buildScenario({ windowSec: 1e308 }))[0]?.path).toBe('options.windowSec');
    expect(issuesOf(buildScenario({ durationSec: 1.8e305 }))[0]).toEqual({
      path: 'durationSec',
      message: 'must be a number in 0.001..1e10 (got 1.8e+305)',
    });
    const json = buildScenario({});
    (json['traffic'] as Record<string, unknown>)['ratePerSec'] = 1e300;
    expect(issuesOf(json)[0]?.path).toBe('traffic.ratePerSec');
  });

  it('runs the longest accepted duration with wide windows to the end', async () => {
    const json = buildScenario({
      durationSec: 1e10,
      ratePerSec: 1e-6,
      windowSec: 1e6,
      instances: 1,
    });
    (json['listeners'] as Record<string, unknown>[])[0]!['healthCheck'] = { enabled: false };
    const scenario = validateScenario(json);
    const report = await simulate(scenario);
    expect(report.windows.at(-1)?.toSec).toBe(1e10);
    expect(reportInvariants(scenario, report)).toEqual([]);
  });
});

describe('problems', () => {
  it('lists the first 100 of 200,000 problems, then how many more (no stack overflow)', () => {
    const json = buildScenario({ instances: 1 });
    const [instance] = json['instances'] as unknown[];
    json['instances'] = Array.from({ length: 200_000 }, () => instance);
    const issues = issuesOf(json);
    expect(issues).toHaveLength(101);
    expect(issues[100]).toEqual({ path: '', message: '... and 199899 more problems' });
  });

  it('keeps each problem on one line and long values short', () => {
    const forged = buildScenario({ instances: 2 });
    forged['listeners'] = [
      {
        id: 'http',
        protocol: 'HTTP',
        port: 80,
        rules: [
          {
            domain: 'a.test',
            path: '/',
            targets: [{ instance: 'x\nlisteners[0].port: forged', port: 80 }, ...targets(1, 2)],
          },
        ],
      },
    ];
    expect(issuesOf(forged).map(formatIssue)).toEqual([
      'listeners[0].rules[0].targets[0].instance: no instance "x\\nlisteners[0].port: forged"',
    ]);

    const long = buildScenario({ instances: 2 });
    const [, b] = long['instances'] as Record<string, unknown>[];
    b!['region'] = `r${'e'.repeat(1_000_000)}\n`;
    long['listeners'] = [
      {
        id: 'http',
        protocol: 'HTTP',
        port: 80,
        rules: [{ domain: 'a.test', path: `~${'('.repeat(1_000_000)}`, targets: targets(0, 2) }],
      },
    ];
    const lines = issuesOf(long).map(formatIssue);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) {
      expect(line).not.toMatch(/[\n\r\u2028\u2029]/);
      expect(line.length).toBeLessThan(1100);
    }
  });
});
