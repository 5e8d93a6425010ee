/**
 * Fuzzing: damage valid scenarios (delete fields, replace them with random JSON or arbitrary
 * values) and check that `validateScenario` only ever returns or throws a `ScenarioError` whose
 * issues all have a string path and message; and that whatever it accepts, it accepts again
 * unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/errors.js';
import { DEFAULT_SCENARIO } from '../../src/scenario/default-scenario.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { base, SPEC_EXAMPLE } from './fixtures.js';

/** Values well beyond JSON: null prototypes, bigints, dates, maps, sparse arrays, boxed values. */
const ANYTHING = {
  maxDepth: 2,
  withNullPrototype: true,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withBoxedValues: true,
  withObjectString: true,
} as const;

type Slot = { readonly parent: Record<string | number, unknown>; readonly key: string | number };

function isPlain(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Every place in a JSON tree where a value sits (the root excluded). */
function slots(value: unknown, out: Slot[] = []): Slot[] {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      out.push({ parent: value as unknown as Record<number, unknown>, key: i });
      slots(item, out);
    });
  } else if (typeof value === 'object' && value !== null && isPlain(value)) {
    for (const [key, item] of Object.entries(value)) {
      out.push({ parent: value as Record<string, unknown>, key });
      slots(item, out);
    }
  }
  return out;
}

const damage = fc.record({
  pick: fc.nat(),
  change: fc.oneof(
    { weight: 2, arbitrary: fc.constant({ delete: true as const }) },
    { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value) => ({ value })) },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom<unknown>(
          null,
          [],
          {},
          '',
          -1,
          0,
          0.5,
          1e308,
          101,
          65536,
          'ALL',
          'x',
          true,
          Number.NaN,
          Infinity,
        )
        .map((value) => ({ value })),
    },
    { weight: 1, arbitrary: fc.anything(ANYTHING).map((value) => ({ value })) },
  ),
});

function damaged(
  seed: unknown,
  changes: readonly { pick: number; change: { delete?: true; value?: unknown } }[],
): unknown {
  const json = structuredClone(seed);
  for (const { pick, change } of changes) {
    const all = slots(json);
    if (all.length === 0) break;
    const { parent, key } = all[pick % all.length]!;
    if (change.delete === true) {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else Reflect.deleteProperty(parent, key);
    } else {
      parent[key] = change.value;
    }
  }
  return json;
}

let accepted = 0;

function check(json: unknown): void {
  let result;
  try {
    result = validateScenario(json);
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    expect(error.issues.length).toBeGreaterThan(0);
    for (const issue of error.issues) {
      expect(typeof issue.path).toBe('string');
      expect(typeof issue.message).toBe('string');
      expect(issue.message.length).toBeGreaterThan(0);
    }
    return;
  }
  accepted++;
  expect(validateScenario(result)).toEqual(result);
}

describe('validateScenario under fuzzing', () => {
  it.each([
    ['the default scenario', DEFAULT_SCENARIO],
    ['the SPEC example', SPEC_EXAMPLE],
    ['the test base', base()],
  ])('never throws anything but a ScenarioError on a damaged copy of %s', (_, seed) => {
    fc.assert(
      fc.property(fc.array(damage, { minLength: 1, maxLength: 4 }), (changes) => {
        check(damaged(seed, changes));
      }),
      { seed: 42, numRuns: 400 },
    );
  });

  it('accepted some damaged scenarios too (the fuzzing reaches the valid side)', () => {
    expect(accepted).toBeGreaterThan(50);
  });

  it('never throws anything but a ScenarioError on arbitrary values', () => {
    fc.assert(
      fc.property(fc.anything({ ...ANYTHING, maxDepth: 3 }), (value) => {
        check(value);
      }),
      { seed: 42, numRuns: 300 },
    );
  });
});
