/** `boundedLoad` on listeners and rules: where it may be given, its range, and its inheritance. */
import { describe, expect, it } from 'vitest';
import { BackendPool } from '../../src/listener/backend-pool.js';
import { createRng } from '../../src/random/rng.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { base, change, expectIssues, type Json } from './fixtures.js';

const WRONG_ALGORITHM = 'applies to algorithm "maglev" or "ring-hash" only';

describe('boundedLoad', () => {
  it('is accepted with maglev and ring-hash, on a listener and on a rule, and kept', () => {
    const scenario = validateScenario(
      change(base(), (s: Json) => {
        Object.assign(s.listeners[0], { algorithm: 'maglev', boundedLoad: 1.25 });
        Object.assign(s.listeners[1], { algorithm: 'ring-hash', boundedLoad: 2 });
        Object.assign(s.listeners[1].rules[1], { algorithm: 'maglev', boundedLoad: 10 });
      }),
    );
    expect(scenario.listeners[0]!.boundedLoad).toBe(1.25);
    // A rule without its own algorithm takes the listener's bound; one with its own keeps its own.
    expect(scenario.listeners[1]!.rules[0]!.boundedLoad).toBe(2);
    expect(scenario.listeners[1]!.rules[1]!.boundedLoad).toBe(10);
  });

  it('is absent from the scenario when not given', () => {
    const scenario = validateScenario(base());
    expect('boundedLoad' in scenario.listeners[0]!).toBe(false);
  });

  it('is refused with other algorithms, at its own path', () => {
    expectIssues(
      change(base(), (s: Json) => {
        s.listeners[0].boundedLoad = 1.5;
      }),
      [{ path: 'listeners[0].boundedLoad', message: WRONG_ALGORITHM }],
    );
    // A rule with its own algorithm does not take the listener's bound, but may not set its own.
    expectIssues(
      change(base(), (s: Json) => {
        Object.assign(s.listeners[1], { algorithm: 'maglev', boundedLoad: 1.5 });
        Object.assign(s.listeners[1].rules[1], { algorithm: 'wrr', boundedLoad: 1.5 });
      }),
      [{ path: 'listeners[1].rules[1].boundedLoad', message: WRONG_ALGORITHM }],
    );
  });

  it.each([1, 1.05, 10.5, '2'])('refuses %s: a number in 1.1..10', (value) => {
    expectIssues(
      change(base(), (s: Json) => {
        Object.assign(s.listeners[0], { algorithm: 'maglev', boundedLoad: value });
      }),
      [{ path: 'listeners[0].boundedLoad', message: 'a number in 1.1..10' }],
    );
  });

  it('makes the pool count connections and bound its picker', () => {
    const options = {
      listener: 'l',
      algorithm: 'ring-hash',
      sessionTimeoutMs: 0,
      healthChecks: false,
      thresholds: { healthyThreshold: 3, unhealthyThreshold: 3 },
      passiveChecks: false,
      rng: createRng('pool'),
      windows: 1,
    } as const;
    expect(new BackendPool(options).tracksConnections).toBe(false);
    expect(new BackendPool({ ...options, settings: { boundedLoad: 1.25 } }).tracksConnections).toBe(
      true,
    );
  });
});
