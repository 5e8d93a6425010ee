import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { createPicker } from '../../src/balancer/create-picker.js';
import { ALGORITHMS } from '../../src/balancer/algorithms.js';
import { ScenarioSchema } from '../../src/scenario/scenario-input.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { simulate } from '../../src/sim/simulate.js';
import { clientKeysArb, scenarioArb, targetsArb } from '../../src/testing/arbitraries.js';

const jsonSchema = JSON.parse(
  readFileSync(new URL('../../scenario.schema.json', import.meta.url), 'utf8'),
) as object;
const validateJson = new Ajv({ allErrors: true }).compile(jsonSchema);

describe('the kit under the default fast-check size', () => {
  it('draws lists up to the maxLength asked for, not 10 at most', () => {
    // This suite draws at full size (test/fast-check-setup.ts); a user's tests may not.
    const suite = fc.readConfigureGlobal();
    fc.resetConfigureGlobal();
    try {
      const longest = (lengths: number[]): number => Math.max(...lengths);
      const keys = fc.sample(clientKeysArb({ maxLength: 100 }), { numRuns: 100, seed: 1 });
      expect(longest(keys.map((k) => k.length))).toBeGreaterThan(50);
      const targets = fc.sample(targetsArb({ maxLength: 100 }), { numRuns: 100, seed: 1 });
      expect(longest(targets.map((t) => t.length))).toBeGreaterThan(50);
    } finally {
      fc.configureGlobal(suite);
    }
  });
});

describe('targetsArb', () => {
  it('gives unique ids and weights in 0..100, at least one > 0, that every picker accepts', () => {
    fc.assert(
      fc.property(targetsArb(), (targets) => {
        expect(targets.length).toBeGreaterThanOrEqual(1);
        expect(targets.length).toBeLessThanOrEqual(10);
        expect(new Set(targets.map((t) => t.id)).size).toBe(targets.length);
        expect(targets.some((t) => t.weight > 0)).toBe(true);
        for (const t of targets) expect(Number.isInteger(t.weight) && t.weight <= 100).toBe(true);
        for (const algorithm of ALGORITHMS) createPicker(algorithm, targets);
      }),
    );
  });

  it('allows all-zero lists on request and honours the bounds', () => {
    fc.assert(
      fc.property(
        targetsArb({ minLength: 0, maxLength: 3, maxWeight: 0, allowAllZero: true }),
        (targets) => {
          expect(targets.length).toBeLessThanOrEqual(3);
          expect(targets.every((t) => t.weight === 0)).toBe(true);
        },
      ),
    );
  });

  it('refuses constraints that cannot be met', () => {
    expect(() => targetsArb({ maxWeight: 0 })).toThrow(/pass allowAllZero: true/);
    expect(() => targetsArb({ minLength: 5, maxLength: 2 })).toThrow(
      'targetsArb: minLength 5 is larger than maxLength 2',
    );
    expect(() => targetsArb({ maxWeight: 101 })).toThrow(
      'targetsArb: maxWeight must be an integer in 0..100, got 101',
    );
  });
});

describe('clientKeysArb', () => {
  it('gives distinct unsigned 32-bit keys', () => {
    fc.assert(
      fc.property(clientKeysArb({ maxLength: 50 }), (keys) => {
        expect(keys.length).toBeGreaterThanOrEqual(1);
        expect(new Set(keys).size).toBe(keys.length);
        for (const k of keys) expect(k >>> 0).toBe(k);
      }),
    );
  });
});

describe('scenarioArb', () => {
  it('gives scenarios that validateScenario, ScenarioSchema and the JSON Schema all accept', () => {
    fc.assert(
      fc.property(scenarioArb(), (scenario) => {
        const copy = structuredClone(scenario);
        validateScenario(scenario);
        expect(scenario).toEqual(copy);
        expect(v.safeParse(ScenarioSchema, scenario).success).toBe(true);
        expect(validateJson(scenario), JSON.stringify(validateJson.errors)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps them small: they simulate quickly', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb({ maxRequests: 500 }), async (scenario) => {
        const report = await simulate(scenario);
        expect(report.servers.length).toBeGreaterThan(0);
      }),
      { numRuns: 10 },
    );
  });

  it('uses only the algorithms it is given, on layer 4 only when asked', () => {
    fc.assert(
      fc.property(scenarioArb({ algorithms: ['maglev'], layer7: false }), (scenario) => {
        for (const l of scenario.listeners) {
          expect(l.algorithm).toBe('maglev');
          expect(['TCP', 'UDP']).toContain(l.protocol);
        }
      }),
    );
  });

  it('refuses an empty algorithm list', () => {
    expect(() => scenarioArb({ algorithms: [] })).toThrow(
      'scenarioArb: algorithms must not be empty',
    );
  });
});
