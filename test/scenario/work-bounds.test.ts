import { describe, expect, it } from 'vitest';
import { ALGORITHM_TABLE, ALGORITHMS } from '../../src/balancer/algorithms.js';
import { DEFAULT_SCENARIO, ScenarioError, validateScenario } from '../../src/index.js';
import { MAX_TOTAL_REGEX_CHARS } from '../../src/scenario/listener-rules.js';
import { COST, estimateWork } from '../../src/scenario/work-bounds.js';
import { Simulation } from '../../src/sim/simulation.js';
import { buildScenario, ins, targets } from '../reliability/scenario-builder.js';

describe('estimateWork', () => {
  it('counts the default scenario’s requests exactly and stays far below the caps', () => {
    const e = estimateWork(validateScenario(DEFAULT_SCENARIO));
    expect(e.requests).toBe(600_000);
    expect(e.work).toBeLessThan(1e8);
    expect(e.memoryBytes / 2 ** 20).toBeLessThan(400);
  });

  it('probes a target bound later only from its bind to its unbind', () => {
    const json = buildScenario({
      instances: 2,
      durationSec: 100,
      listeners: [
        {
          id: 'tcp',
          protocol: 'TCP',
          port: 80,
          healthCheck: { intervalSec: 5 },
          targets: targets(0, 1),
        },
      ],
      events: [
        { atSec: 50, op: 'bind', listener: 'tcp', port: 80, targets: [{ instance: ins(1) }] },
        { atSec: 70, op: 'unbind', listener: 'tcp', target: `${ins(1)}:80` },
      ],
    });
    // ins-0 for 100 s, ins-1 for 20 s; one interval of slack each.
    expect(estimateWork(validateScenario(json)).probes).toBe((105 + 25) / 5);
  });

  it('adds requests and probes against the one cap', () => {
    const json = buildScenario({ instances: 1, ratePerSec: 6e5, durationSec: 1000 });
    expect(() => validateScenario(json, { maxRequests: 6e8 + 100 })).toThrow(ScenarioError);
    expect(() => validateScenario(json, { maxRequests: 7e8 })).not.toThrow();
  });

  it.each([
    [1000, 1, 'few arrivals: a hash table for them'],
    [1000, 100, 'every client: a dense table'],
  ])('counts the session bytes the engine holds (%d clients, %d/s: %s)', (clients, ratePerSec) => {
    const json = buildScenario({ instances: 1, clients, ratePerSec, durationSec: 100 });
    (json['listeners'] as Record<string, unknown>[])[0]!['session'] = { timeoutSec: 60 };
    const scenario = validateScenario(json);
    const held = new Simulation(scenario).pools[0]!.sessionBytes();
    expect(held).toBeGreaterThan(0);
    expect(estimateWork(scenario).memoryParts['session tables']).toBe(held);
  });

  describe.each(ALGORITHMS)('reads the algorithm table for %s', (algorithm) => {
    const facts = ALGORITHM_TABLE[algorithm];
    const estimate = (): ReturnType<typeof estimateWork> => {
      const json = buildScenario({
        instances: 10,
        clients: 2 ** 20,
        listeners: [{ id: 'tcp', protocol: 'TCP', port: 80, algorithm, targets: targets(0, 10) }],
      });
      return estimateWork(validateScenario(json));
    };

    it(`${facts.sticky ? 'tracks' : 'does not track'} clients, as its sticky fact says`, () => {
      if (facts.sticky) expect(estimate().memoryParts['client tracking']).toBeGreaterThan(0);
      else expect(estimate().memoryParts['client tracking']).toBe(0);
    });

    it(`${facts.countsConnections ? 'keeps' : 'keeps no'} open connections, as its table entry says`, () => {
      if (facts.countsConnections)
        expect(estimate().memoryParts['open connections']).toBeGreaterThan(0);
      else expect(estimate().memoryParts['open connections']).toBe(0);
    });

    it('charges its one build the buildCost of the table, plus the pool scan', () => {
      // No events and nothing failing: a single build over the 10 targets.
      const e = estimate();
      expect(e.rebuilds).toBe(1);
      expect(e.rebuildWork).toBe(facts.buildCost(10).time + 10 * COST.target);
      expect(e.memoryParts['picker tables']).toBe(2 * facts.buildCost(10).bytes);
    });
  });
});

describe('regex budget', () => {
  it(`refuses more than ${MAX_TOTAL_REGEX_CHARS} regex characters over all rules, once`, () => {
    const rules = Array.from({ length: 60 }, (_, i) => ({
      domain: `r${i}.test`,
      path: `~^/${'a'.repeat(990)}${i}`,
      targets: [],
    }));
    const json = buildScenario({
      instances: 1,
      listeners: [
        { id: 'a', protocol: 'HTTP', port: 80, rules: rules.slice(0, 40) },
        { id: 'b', protocol: 'HTTP', port: 81, rules: rules.slice(40) },
      ],
    });
    let issues: readonly { path: string; message: string }[] = [];
    try {
      validateScenario(json);
    } catch (error) {
      issues = (error as ScenarioError).issues;
    }
    const budget = issues.filter((i) => i.message.includes('regexes hold more than'));
    expect(budget).toHaveLength(1);
    expect(budget[0]!.path).toBe('listeners[1].rules[10].path');
  });
});
