import { describe, expect, it } from 'vitest';
import { ScenarioError, type ScenarioInput } from '../../src/index.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { Simulation } from '../../src/sim/simulation.js';
import { queueingScenario } from './queueing-scenario.js';

/** Two servers at load 0.5 with a 1 s client timeout, and `events`. */
function withEvents(events: unknown[], timeoutMs: number | null = 1000): ScenarioInput {
  const base = queueingScenario({
    algorithm: 'random',
    servers: 2,
    meanMs: 10,
    load: 0.5,
    durationSec: 100,
    seed: 'ev',
  });
  const instances = (base.instances ?? []).map((i) => ({
    ...i,
    service: { ...i.service!, ...(timeoutMs === null ? {} : { timeoutMs }) },
  }));
  return { ...base, instances, events } as ScenarioInput;
}

function issues(input: ScenarioInput): string[] {
  try {
    validateScenario(input);
    return [];
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return e.issues.map((i) => `${i.path}: ${i.message}`);
  }
}

function run(input: ScenarioInput) {
  const sim = new Simulation(validateScenario(input));
  sim.run();
  return sim.pools[0]!.targets.map((t) => t.serviceTally!);
}

describe('service events', () => {
  it('slow multiplies the service time of the instance it names, from its time on', () => {
    const [before, after] = [
      run(withEvents([])),
      run(withEvents([{ atSec: 0, op: 'slow', instance: 'ins-1', factor: 1.5 }])),
    ];
    // ins-1 at ρ = 0.75 instead of 0.5: mean in system 60 ms instead of 20 ms (M/M/1).
    expect(after[0]!.latency.meanMs / before[0]!.latency.meanMs).toBeGreaterThan(2);
    expect(after[1]!.latency.meanMs).toBeCloseTo(before[1]!.latency.meanMs, 6);
  });

  it('errors, blackhole and restore', () => {
    const t = run(
      withEvents([
        { atSec: 10, op: 'errors', instance: 'ins-1', errorRate: 1 },
        { atSec: 20, op: 'restore', instance: 'ins-1' },
        { atSec: 30, op: 'blackhole', instance: 'ins-2' },
        { atSec: 40, op: 'restore', instance: 'ins-2' },
      ]),
    );
    // About a tenth of each target's 5,000 requests falls in each 10 s stretch.
    expect(t[0]!.errors).toBeGreaterThan(400);
    expect(t[0]!.errors).toBeLessThan(600);
    expect(t[1]!.errors).toBe(0);
    expect(t[1]!.timedOut).toBeGreaterThan(400);
    expect(t[1]!.timedOut).toBeLessThan(600);
    expect(t[0]!.timedOut).toBe(0);
  });

  it('passive checks count service failures: a blackholed backend is ejected', () => {
    // TCP SSL has passive checks. The balancer learns of a timeout when the client's 1 s is up, so
    // each time ins-2 is back it takes about 1 s of its 50 requests/s before 3 verdicts eject it
    // for 10 s: about 7 rounds of ~50 timeouts over the 70 s, instead of all ~3,500.
    const events = [{ atSec: 30, op: 'blackhole', instance: 'ins-2' }];
    const plain = withEvents(events);
    const tls = {
      ...plain,
      listeners: plain.listeners.map((l) => ({ ...l, protocol: 'TCP_SSL', port: 443 })),
    } as ScenarioInput;
    const [without, withPassive] = [run(plain), run(tls)];
    expect(without[1]!.timedOut).toBeGreaterThan(3000);
    expect(withPassive[1]!.timedOut).toBeGreaterThan(200);
    expect(withPassive[1]!.timedOut).toBeLessThan(500);
    expect(withPassive[0]!.responses).toBeGreaterThan(without[0]!.responses + 3000);
  });

  it('are refused, with their path, on an instance without a service model or a timeout', () => {
    const noTimeout = withEvents([{ atSec: 1, op: 'blackhole', instance: 'ins-1' }], null);
    expect(issues(noTimeout)).toEqual([
      'events[0].instance: instance "ins-1" has no service.timeoutMs: a blackhole needs the client\'s timeout',
    ]);
    const plain = withEvents([{ atSec: 1, op: 'slow', instance: 'nope', factor: 2 }]);
    expect(issues(plain)).toEqual(['events[0].instance: no instance "nope"']);
    const bad = withEvents([{ atSec: 1, op: 'errors', instance: 'ins-1', errorRate: 2 }]);
    expect(issues(bad)[0]).toMatch(/^events\[0\]\.errorRate: /);
  });

  it('service fields are checked with their path', () => {
    const base = withEvents([]);
    const instances = (base.instances ?? []).map((i) => ({
      ...i,
      service: { workers: 0, latencyMs: { distribution: 'exponential', mean: 10, p99: 50 } },
    }));
    const found = issues({ ...base, instances });
    expect(found).toContain('instances[0].service.workers: must be an integer in 1..10000 (got 0)');
    const lognormal = (base.instances ?? []).map((i) => ({
      ...i,
      service: { latencyMs: { distribution: 'lognormal', mean: 10, p99: 5 } },
    }));
    expect(issues({ ...base, instances: lognormal })[0]).toMatch(
      /^instances\[0\]\.service\.latencyMs\.p99: must be above the mean/,
    );
  });
});
