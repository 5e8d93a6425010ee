/**
 * `scenario.schema.json`: the checked-in file is what the valibot schema generates; every example
 * and the default scenario validate against it; it flags a misspelt field and a value out of
 * range; and `ScenarioSchema` (the valibot document schema) accepts what `validateScenario` does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO } from '../../src/scenario/default-scenario.js';
import { ScenarioSchema } from '../../src/scenario/scenario-input.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import * as v from 'valibot';
import { scenarioJsonSchema } from './scenario-json-schema.js';

const ROOT = new URL('../../', import.meta.url);
const EXAMPLES = readdirSync(new URL('examples/', ROOT))
  .filter((name) => name.endsWith('.json'))
  .sort();
const checkedIn = JSON.parse(readFileSync(new URL('scenario.schema.json', ROOT), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true }).compile(checkedIn);

function example(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`examples/${name}`, ROOT), 'utf8')) as Record<
    string,
    unknown
  >;
}

describe('scenario.schema.json', () => {
  it('is what `npm run schema:update` generates from the valibot schema', () => {
    expect(checkedIn).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
  });

  it.each(EXAMPLES)('validates %s, which refers to it by $schema', (name) => {
    const json = example(name);
    expect(json.$schema).toBe('../scenario.schema.json');
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
  });

  it('validates the default scenario and notes in _ or x- keys', () => {
    expect(validate(Object.assign({ _note: 'hi', 'x-owner': 'sre' }, DEFAULT_SCENARIO))).toBe(true);
  });

  it('flags a misspelt field with its path', () => {
    const json = example('spec-example.json');
    const listener = (json.listeners as Record<string, unknown>[])[0]!;
    const typo = { ...json, listeners: [{ ...listener, algorythm: 'maglev' }] };
    expect(validate(typo)).toBe(false);
    expect(validate.errors).toContainEqual(
      expect.objectContaining({
        instancePath: '/listeners/0',
        keyword: 'additionalProperties',
        params: { additionalProperty: 'algorythm' },
      }),
    );
  });

  it('flags a weight out of 0..100 and an unknown event op', () => {
    const json = example('spec-example.json');
    const listener = (json.listeners as { targets: object[] }[])[0]!;
    const bad = {
      ...json,
      listeners: [{ ...listener, targets: [{ instance: 'ins-a', port: 8080, weight: 101 }] }],
      events: [{ atSec: 1, op: 'explode' }],
    };
    expect(validate(bad)).toBe(false);
    const paths = validate.errors!.map((e) => e.instancePath);
    expect(paths).toContain('/listeners/0/targets/0/weight');
    expect(paths).toContain('/events/0/op');
  });
});

describe('scenario.schema.json and validateScenario agree on unknown keys', () => {
  /** Every object of a JSON value, as the path of keys and indices to it. */
  function places(value: unknown, at: (string | number)[] = []): (string | number)[][] {
    if (Array.isArray(value)) return value.flatMap((x, i) => places(x, [...at, i]));
    if (value === null || typeof value !== 'object') return [];
    return [at, ...Object.entries(value).flatMap(([k, x]) => places(x, [...at, k]))];
  }
  function withKey(json: object, place: readonly (string | number)[], key: string): object {
    const copy = structuredClone(json) as Record<string | number, unknown>;
    let node = copy;
    for (const k of place) node = node[k] as Record<string | number, unknown>;
    node[key] = 'x';
    return copy;
  }
  const scenarios: object[] = [
    ...EXAMPLES.map(example),
    DEFAULT_SCENARIO as object,
    { ...(DEFAULT_SCENARIO as object), traffic: { popularity: { zipf: 1 } } },
  ];

  it.each(scenarios.map((s, i) => [i, s] as const))(
    'scenario %i: both refuse an unknown key and allow a note on every object',
    (_, json) => {
      for (const place of places(json)) {
        const typo = withKey(json, place, 'zzUnknown');
        expect(validate(typo), JSON.stringify(place)).toBe(false);
        expect(() => validateScenario(typo), JSON.stringify(place)).toThrow(
          /zzUnknown: unknown field|popularity: unknown field "zzUnknown"/,
        );
        for (const note of ['_note', 'x-note', 'description', '$schema']) {
          const noted = withKey(json, place, note);
          expect(validate(noted), `${JSON.stringify(place)} ${note}`).toBe(true);
          expect(() => validateScenario(noted)).not.toThrow();
        }
      }
    },
  );
});

describe('ScenarioSchema', () => {
  it.each(EXAMPLES)('accepts %s', (name) => {
    expect(v.safeParse(ScenarioSchema, example(name)).success).toBe(true);
  });
});
