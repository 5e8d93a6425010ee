import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/errors.js';
import { DEFAULT_SCENARIO } from '../../src/scenario/default-scenario.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { base, change, expectIssues, issuesOf, SPEC_EXAMPLE } from './fixtures.js';

describe('validateScenario', () => {
  it('accepts the example scenario of SPEC section 3', () => {
    const scenario = validateScenario(SPEC_EXAMPLE);
    expect(scenario.seed).toBe('demo');
    expect(scenario.listeners[0]!.targets).toEqual([
      { kind: 'instance', id: 'ins-a:8080', instance: 'ins-a', port: 8080, weight: 10 },
    ]);
    expect(scenario.events[0]).toEqual({
      atSec: 120,
      op: 'setWeight',
      listener: 'tcp-80',
      rule: undefined,
      targets: ['ins-a:8080'],
      weight: 0,
    });
  });

  it('accepts the built-in default scenario, which stays under a million requests', () => {
    const scenario = validateScenario(DEFAULT_SCENARIO);
    expect(scenario.traffic.ratePerSec * scenario.durationSec).toBeLessThanOrEqual(1e6);
    const targets = scenario.listeners.flatMap((l) => [
      ...l.targets,
      ...l.rules.flatMap((r) => r.targets),
    ]);
    expect(targets).toHaveLength(9);
    expect(scenario.listeners.map((l) => l.protocol)).toEqual(['TCP', 'HTTP']);
    expect(scenario.listeners[0]!.session).toEqual({ timeoutSec: 60 });
    expect(scenario.listeners[1]!.rules).toHaveLength(2);
    expect(scenario.events.map((e) => [e.atSec, e.op])).toEqual([
      [200, 'setWeight'],
      [300, 'down'],
      [420, 'up'],
    ]);
  });

  it('keeps the default scenario frozen, and a structuredClone editable', () => {
    expect(Object.isFrozen(DEFAULT_SCENARIO)).toBe(true);
    const copy = structuredClone(DEFAULT_SCENARIO) as { seed: string };
    copy.seed = 'other';
    expect(validateScenario(copy).seed).toBe('other');
  });

  it('fills in every default', () => {
    const scenario = validateScenario(base());
    expect(scenario.seed).toBe('lbsim');
    expect(scenario.loadBalancer).toEqual({
      id: 'lb-1',
      region: 'ap-guangzhou',
      type: 'public',
      network: 'vpc',
      vpcId: 'vpc-1',
      vip: '203.0.113.10',
      kind: 'standard',
      backendMode: 'same-vpc',
      backendRegion: undefined,
      snatIps: [],
    });
    expect(scenario.instances[1]).toEqual({
      id: 'ins-b',
      region: 'ap-guangzhou',
      vpcId: 'vpc-1',
      privateIp: '10.0.0.12',
      state: 'running',
      bandwidthMbps: 10,
      securityGroups: ['sg-web'],
      enis: [],
    });
    const [tcp, http] = scenario.listeners;
    expect(tcp).toMatchObject({
      algorithm: 'wrr',
      session: null,
      healthCheck: {
        enabled: true,
        intervalSec: 5,
        timeoutSec: 2,
        healthyThreshold: 3,
        unhealthyThreshold: 3,
      },
      reschedule: {
        onUnbind: false,
        onWeightZero: false,
        onUnhealthy: false,
        onScale: false,
        windowSec: 0,
      },
      idleTimeoutSec: 900,
      rules: [],
    });
    expect(tcp!.targets.map((t) => t.weight)).toEqual([10, 10]);
    expect(http!.idleTimeoutSec).toBe(75);
    expect(http!.targets).toEqual([]);
    expect(http!.rules[0]).toMatchObject({
      id: 'www.example.com/',
      default: false,
      algorithm: 'wrr',
      session: null,
    });
    expect(http!.rules[1]!.id).toBe('api');
    expect(scenario.traffic).toEqual({
      ratePerSec: 1000,
      clients: 1000,
      popularity: 'uniform',
      connectionMs: 200,
      clientCidr: '100.64.0.0/10',
      mix: [],
    });
    expect(scenario.events).toEqual([]);
    expect(scenario.options).toEqual({
      windowSec: 10,
      maxRequests: 1e9,
      maxMemoryMb: 1536,
      maxEvents: 100_000,
    });
  });

  it('normalises protocol spellings, security-group ports and idle timeouts per protocol', () => {
    const s = change(base(), (j) => {
      j.listeners[0].protocol = 'TCP SSL';
      j.listeners.push({ id: 'udp', protocol: 'udp', port: 53, targets: [] });
      j.securityGroups[0].inbound = [
        { source: '10.0.0.0/8', port: 80, action: 'allow' },
        { source: '10.0.0.0/8', port: 'all', action: 'allow' },
        { source: '2001:db8::/32', port: '8000-8080', action: 'drop' },
      ];
    });
    const scenario = validateScenario(s);
    expect(scenario.listeners.map((l) => [l.protocol, l.idleTimeoutSec])).toEqual([
      ['TCP_SSL', 900],
      ['HTTP', 75],
      ['UDP', 300],
    ]);
    expect(scenario.securityGroups[0]!.inbound.map((r) => r.port)).toEqual([
      '80',
      'ALL',
      '8000-8080',
    ]);
  });

  it('lets a rule inherit algorithm, session and health check from its listener, field by field', () => {
    const s = change(base(), (j) => {
      Object.assign(j.listeners[1], {
        algorithm: 'maglev',
        session: { timeoutSec: 7200 },
        healthCheck: { intervalSec: 10, healthyThreshold: 5 },
      });
      Object.assign(j.listeners[1].rules[1], { session: null, healthCheck: { timeoutSec: 4 } });
    });
    const [inherits, own] = validateScenario(s).listeners[1]!.rules;
    expect(inherits).toMatchObject({
      algorithm: 'maglev',
      session: { timeoutSec: 7200 },
      healthCheck: {
        enabled: true,
        intervalSec: 10,
        timeoutSec: 2,
        healthyThreshold: 5,
        unhealthyThreshold: 3,
      },
    });
    expect(own).toMatchObject({
      algorithm: 'maglev',
      session: null,
      healthCheck: {
        enabled: true,
        intervalSec: 10,
        timeoutSec: 4,
        healthyThreshold: 5,
        unhealthyThreshold: 3,
      },
    });
  });

  it('accepts notes (description, $schema, _ and x- keys) anywhere; keeps only the scenario description', () => {
    const s = change(base(), (j) => {
      j.description = 'hello';
      j.$schema = './scenario.schema.json';
      j._comment = 'top';
      j.listeners[0]['x-owner'] = 'sre';
      j.listeners[0].targets[0]._why = 'canary';
      j.listeners[0].targets[0].description = 'the canary';
    });
    const scenario = validateScenario(s) as unknown as Record<string, unknown>;
    // The scenario's own description is shown in its reports; other notes are dropped.
    expect(scenario.description).toBe('hello');
    expect(scenario._comment).toBeUndefined();
    expect(scenario.$schema).toBeUndefined();
  });

  it('accepts its own output unchanged (validation is idempotent)', () => {
    for (const json of [SPEC_EXAMPLE, DEFAULT_SCENARIO, base()]) {
      const once = validateScenario(json);
      expect(validateScenario(once)).toEqual(once);
    }
  });

  it('does not modify its input', () => {
    const input = base();
    const before = structuredClone(input);
    validateScenario(input);
    expect(input).toEqual(before);
  });

  it.each([
    [null, 'null'],
    [[], 'an array'],
    ['{}', '"{}"'],
    [42, '42'],
    [undefined, 'nothing'],
  ])('refuses a top level that is not an object: %j', (json, got) => {
    const issues = issuesOf(json);
    expect(issues).toEqual([{ path: '', message: `scenario must be a JSON object (got ${got})` }]);
  });

  it('requires the load balancer and the listeners', () => {
    expectIssues({}, [
      { path: 'loadBalancer', message: 'is required' },
      { path: 'listeners', message: 'is required' },
    ]);
  });

  it('reports every problem at once (three problems, three issues)', () => {
    const s = change(base(), (j) => {
      j.listeners[0].targets[1].weight = 101; // structural
      j.listeners[0].targets[0].instance = 'ins-zz'; // domain: unknown instance
      j.traffic = { ratePerSec: 1e7 }; // domain: over the request cap
    });
    expectIssues(s, [
      { path: 'listeners[0].targets[1].weight', message: 'must be an integer in 0..100 (got 101)' },
      { path: 'listeners[0].targets[0].instance', message: 'no instance "ins-zz"' },
      { path: 'traffic.ratePerSec', message: 'over the cap' },
    ]);
  });

  it('throws a ScenarioError whose message prints one "path: message" line per issue', () => {
    const s = change(base(), (j) => {
      j.durationSec = -1;
      j.listeners[0].port = 'x';
    });
    try {
      validateScenario(s);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioError);
      expect((error as ScenarioError).code).toBe('ERR_SCENARIO');
      expect((error as Error).message.split('\n')).toEqual([
        'durationSec: must be a number in 0.001..1e10 (got -1)',
        'listeners[0].port: must be an integer in 1..65535 (got "x")',
      ]);
    }
  });

  describe('the bound on work', () => {
    const heavy = change(base(), (j) => {
      j.traffic = { ratePerSec: 2e6 }; // × 600 s = 1.2e9
    });

    it('refuses more than 1e9 expected requests by default, saying how to raise the cap', () => {
      const [issue] = issuesOf(heavy);
      expect(issue!.path).toBe('traffic.ratePerSec');
      expect(issue!.message).toContain('1.2e+9 requests');
      expect(issue!.message).toContain('1e+9');
      expect(issue!.message).toContain('options');
      expect(issue!.message).toContain('--max-requests');
    });

    it('takes a higher cap from the scenario options or from the caller', () => {
      const raised = change(heavy, (j) => {
        j.options = { maxRequests: 2e9 };
      });
      expect(validateScenario(raised).options.maxRequests).toBe(2e9);
      expect(validateScenario(heavy, { maxRequests: 2e9 }).options.maxRequests).toBe(2e9);
    });

    it("lets the caller's cap win over the scenario's (untrusted input cannot raise it)", () => {
      const raised = change(heavy, (j) => {
        j.options = { maxRequests: 1e12 };
      });
      expectIssues(raised, [{ path: 'traffic.ratePerSec', message: 'over the cap of 1e+6' }], {
        maxRequests: 1e6,
      });
    });

    it('throws a RangeError for a bad cap option (a caller bug, not bad input)', () => {
      expect(() => validateScenario(base(), { maxRequests: Number.NaN })).toThrow(RangeError);
    });
  });
});

describe('issue order', () => {
  it('lists issues in document order: sections as in the SPEC, indices ascending', () => {
    const s = change(base(), (j) => {
      j.events = [{ atSec: 1, op: 'down', instance: 'nobody' }];
      j.listeners = Array.from({ length: 11 }, (_, i) => ({
        id: `l${i}`,
        protocol: 'TCP',
        port: 1000 + i,
        targets: [{ instance: 'ins-a', port: 80, weight: i === 2 || i === 10 ? -1 : 1 }],
      }));
      j.loadBalancer.vip = 'nope';
    });
    expect(issuesOf(s).map((i) => i.path)).toEqual([
      'loadBalancer.vip',
      'listeners[2].targets[0].weight',
      'listeners[10].targets[0].weight',
      'events[0].instance',
    ]);
  });
});

describe('validateScenario: bounded work', () => {
  it('counts health probes against the cap, so a long run at a low rate is refused too', () => {
    const scenario = structuredClone(SPEC_EXAMPLE);
    scenario['durationSec'] = 1e10;
    scenario['traffic'] = { ...scenario['traffic'], ratePerSec: 0.0001 };
    scenario['events'] = [];
    scenario['options'] = { windowSec: 1e6 };
    expect(() => validateScenario(scenario)).toThrow(/health probes .* over the cap/);
    expect(() => validateScenario(scenario, { maxRequests: 1e12 })).not.toThrow();
  });
});

describe('validateScenario: report windows', () => {
  it('refuses more than MAX_WINDOWS windows, pointing at windowSec', () => {
    const scenario = structuredClone(SPEC_EXAMPLE);
    scenario['durationSec'] = 2_000_000;
    scenario['traffic'] = { ...scenario['traffic'], ratePerSec: 0.01 };
    expect(issuesOf(scenario)).toEqual([expect.objectContaining({ path: 'options.windowSec' })]);
    scenario['options'] = { windowSec: 60 };
    expect(() => validateScenario(scenario)).not.toThrow();
  });
});

describe('validateScenario: report size', () => {
  it("counts each pool's windows too: many one-target listeners over many windows are refused", () => {
    // 50 listeners sharing one target: 50 counters a window, but 50 pool windows of their own.
    const scenario = structuredClone(SPEC_EXAMPLE);
    scenario['durationSec'] = 40_000;
    scenario['traffic'] = { ...scenario['traffic'], ratePerSec: 0.01, mix: [] };
    scenario['events'] = [];
    const first = scenario['listeners'][0] as { targets: unknown[] };
    scenario['listeners'] = Array.from({ length: 50 }, (_, i) => ({
      ...first,
      id: `tcp-${1000 + i}`,
      port: 1000 + i,
      healthCheck: { enabled: false },
      targets: [first.targets[0]],
    }));
    scenario['options'] = { windowSec: 1 };
    expect(issuesOf(scenario)).toEqual([
      expect.objectContaining({
        path: 'options.windowSec',
        message: expect.stringMatching(
          /^\(50 targets \+ 8 for each of 50 pools\) × 40,000 report windows/,
        ),
      }),
    ]);
    scenario['options'] = { windowSec: 10 };
    expect(() => validateScenario(scenario)).not.toThrow();
  });
});

describe('validateScenario: targets over a run', () => {
  it('refuses a listener that would bind more than MAX_TARGETS_PER_RUN distinct targets', () => {
    const scenario = structuredClone(SPEC_EXAMPLE);
    scenario['events'] = Array.from({ length: 501 }, (_, i) => ({
      atSec: i,
      op: 'scale',
      listener: 'tcp-80',
      port: 8080,
      add: [
        { id: `new-${2 * i}`, privateIp: '10.0.9.1' },
        { id: `new-${2 * i + 1}`, privateIp: '10.0.9.2' },
      ],
      remove: i === 0 ? [] : [`new-${2 * i - 2}`, `new-${2 * i - 1}`],
    }));
    expect(issuesOf(scenario)).toEqual([
      expect.objectContaining({
        path: 'events[499]',
        message: expect.stringMatching(/1001 distinct targets/),
      }),
    ]);
  });

  it('refuses more window counters than MAX_WINDOW_CELLS, pointing at windowSec', () => {
    const scenario = structuredClone(SPEC_EXAMPLE);
    scenario['durationSec'] = 900_000;
    scenario['traffic'] = { ...scenario['traffic'], ratePerSec: 0.01 };
    scenario['events'] = [];
    scenario['instances'] = Array.from({ length: 60 }, (_, i) => ({
      id: `ins-${i}`,
      region: 'ap-guangzhou',
      vpcId: 'vpc-1',
      privateIp: `10.0.1.${i}`,
    }));
    scenario['listeners'][0].targets = scenario['instances'].map((ins: { id: string }) => ({
      instance: ins.id,
      port: 8080,
    }));
    scenario['listeners'][0].healthCheck = { enabled: false };
    expect(issuesOf(scenario)).toEqual([
      expect.objectContaining({
        path: 'options.windowSec',
        message: expect.stringMatching(/counters/),
      }),
    ]);
  });

  it('refuses an IPv6 VIP (security groups are evaluated for IPv4)', () => {
    const scenario = structuredClone(SPEC_EXAMPLE);
    scenario['loadBalancer'].vip = '2001:db8::1';
    expect(issuesOf(scenario)).toEqual([expect.objectContaining({ path: 'loadBalancer.vip' })]);
  });
});
