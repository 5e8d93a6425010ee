/**
 * `ScenarioInput` and `defineScenario` with a user's own algorithm names: checked by the compiler
 * (`npm run typecheck` covers test/; each `@ts-expect-error` fails the build when its line
 * compiles), and run for what they return.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Algorithm } from '../../src/balancer/algorithms.js';
import { defineScenario, type ScenarioInput } from '../../src/scenario/scenario-input.js';

const loadBalancer = { id: 'lb-1', region: 'ap-guangzhou', vpcId: 'vpc-1', vip: '203.0.113.10' };
type ListenerAlgorithm<N extends string = never> = NonNullable<
  ScenarioInput<N>['listeners'][number]['algorithm']
>;

describe('ScenarioInput and user algorithm names', () => {
  it('names the built-ins and x- names when no user names are declared', () => {
    expectTypeOf<ListenerAlgorithm>().toEqualTypeOf<Algorithm | `x-${string}`>();
    const s = defineScenario({
      loadBalancer,
      listeners: [{ id: 'a', protocol: 'TCP', port: 80, algorithm: 'maglev', targets: [] }],
    });
    expect(s.listeners[0]!.algorithm).toBe('maglev');
    // The declared type of the variable does not turn into user names either.
    const typed: ScenarioInput = defineScenario({ loadBalancer, listeners: [] });
    expect(typed.listeners).toEqual([]);
  });

  it('adds declared names, on listeners and on rules', () => {
    expectTypeOf<ListenerAlgorithm<'my-picker'>>().toEqualTypeOf<
      Algorithm | `x-${string}` | 'my-picker'
    >();
    const s = defineScenario<'my-picker' | 'other'>({
      loadBalancer,
      listeners: [
        { id: 'a', protocol: 'TCP', port: 80, algorithm: 'my-picker', targets: [] },
        {
          id: 'b',
          protocol: 'HTTP',
          port: 8080,
          algorithm: 'wrr',
          rules: [{ domain: 'example.com', path: '/', algorithm: 'other', targets: [] }],
        },
      ],
    });
    expect(s.listeners.map((l) => l.algorithm)).toEqual(['my-picker', 'wrr']);
  });

  it('keeps a typo in a built-in a type error, and does not infer user names from it', () => {
    defineScenario({
      loadBalancer,
      // @ts-expect-error -- 'magelv' is not an algorithm, and no user names are declared
      listeners: [{ id: 'a', protocol: 'TCP', port: 80, algorithm: 'magelv', targets: [] }],
    });
    defineScenario<'my-picker'>({
      loadBalancer,
      // @ts-expect-error -- 'my-pikcer' is neither a built-in nor a declared name
      listeners: [{ id: 'a', protocol: 'TCP', port: 80, algorithm: 'my-pikcer', targets: [] }],
    });
    const plain: ScenarioInput = {
      loadBalancer,
      // @ts-expect-error -- a user's name needs declaring: ScenarioInput<'my-picker'>
      listeners: [{ id: 'a', protocol: 'TCP', port: 80, algorithm: 'my-picker', targets: [] }],
    };
    expect(plain.listeners).toHaveLength(1);
  });
});
