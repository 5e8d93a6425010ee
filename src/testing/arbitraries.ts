/**
 * fast-check arbitraries for testing pickers and scenarios: target lists, client keys and small
 * valid scenarios. They need fast-check (an optional peer dependency); without it each throws an
 * `LbsimError` with code `ERR_FAST_CHECK_MISSING` when called.
 */
import type { Arbitrary } from 'fast-check';
import { ALGORITHMS, describeAlgorithm, type Algorithm } from '../balancer/algorithms.js';
import { MAX_WEIGHT, type PickerTarget } from '../balancer/picker.js';
import type { ScenarioInput } from '../scenario/scenario-input.js';
import { fastCheck } from './fast-check.js';

/** Constraints of {@link targetsArb}. */
export interface TargetsConstraints {
  /**
   * Fewest targets.
   * @defaultValue 1
   */
  readonly minLength?: number | undefined;
  /**
   * Most targets.
   * @defaultValue 10
   */
  readonly maxLength?: number | undefined;
  /**
   * Largest weight (weights are integers in 0..maxWeight).
   * @defaultValue 100
   */
  readonly maxWeight?: number | undefined;
  /**
   * Allow lists in which every weight is 0 (a picker then returns -1).
   * @defaultValue false
   */
  readonly allowAllZero?: boolean | undefined;
}

function integerOption(
  module: string,
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new RangeError(
      `${module}: ${name} must be an integer in ${min}..${max}, got ${String(value)}`,
    );
  }
  return n;
}

/**
 * Target lists `{ id, weight }[]` with unique, non-empty ids (short strings, any printable ASCII)
 * and integer weights in 0..100, at least one of them > 0 unless `allowAllZero`.
 * @throws RangeError for inconsistent constraints (e.g. minLength > maxLength)
 */
export function targetsArb(constraints: TargetsConstraints = {}): Arbitrary<PickerTarget[]> {
  const fc = fastCheck('targetsArb');
  const minLength = integerOption('targetsArb', 'minLength', constraints.minLength, 1, 0, 1000);
  const maxLength = integerOption('targetsArb', 'maxLength', constraints.maxLength, 10, 0, 1000);
  const maxWeight = integerOption(
    'targetsArb',
    'maxWeight',
    constraints.maxWeight,
    MAX_WEIGHT,
    0,
    MAX_WEIGHT,
  );
  const allowAllZero = constraints.allowAllZero ?? false;
  if (minLength > maxLength) {
    throw new RangeError(
      `targetsArb: minLength ${minLength} is larger than maxLength ${maxLength}`,
    );
  }
  if (!allowAllZero && (maxWeight === 0 || maxLength === 0)) {
    throw new RangeError(
      'targetsArb: with maxWeight 0 or maxLength 0 every weight is 0; pass allowAllZero: true',
    );
  }
  const list = fc.uniqueArray(
    fc.record({
      id: fc.string({ minLength: 1, maxLength: 12 }),
      weight: fc.integer({ min: 0, max: maxWeight }),
    }),
    // size 'max': up to maxLength, not fast-check's default 'small' size (at most 10 elements).
    {
      minLength: Math.max(minLength, allowAllZero ? 0 : 1),
      maxLength,
      size: 'max',
      selector: (t) => t.id,
    },
  );
  return allowAllZero ? list : list.filter((ts) => ts.some((t) => t.weight > 0));
}

/** Constraints of {@link clientKeysArb}. */
export interface ClientKeysConstraints {
  /**
   * Fewest keys.
   * @defaultValue 1
   */
  readonly minLength?: number | undefined;
  /**
   * Most keys.
   * @defaultValue 100
   */
  readonly maxLength?: number | undefined;
}

/**
 * Lists of distinct client keys as `pick(hash)` takes them: unsigned 32-bit integers (fast-check
 * favours edge values such as 0 and 2^32 − 1). Hash a string key first with `hashKey`.
 */
export function clientKeysArb(constraints: ClientKeysConstraints = {}): Arbitrary<number[]> {
  const fc = fastCheck('clientKeysArb');
  const minLength = integerOption('clientKeysArb', 'minLength', constraints.minLength, 1, 0, 1e6);
  const maxLength = integerOption('clientKeysArb', 'maxLength', constraints.maxLength, 100, 0, 1e6);
  if (minLength > maxLength) {
    throw new RangeError(
      `clientKeysArb: minLength ${minLength} is larger than maxLength ${maxLength}`,
    );
  }
  return fc.uniqueArray(fc.integer({ min: 0, max: 0xffffffff }), {
    minLength,
    maxLength,
    size: 'max', // up to maxLength: fast-check's default size stops at 10
  });
}

/** Constraints of {@link scenarioArb}. */
export interface ScenarioConstraints {
  /**
   * Most instances (cloud servers).
   * @defaultValue 3
   */
  readonly maxInstances?: number | undefined;
  /**
   * Most listeners.
   * @defaultValue 2
   */
  readonly maxListeners?: number | undefined;
  /**
   * Most timed events (`setWeight` on layer-4 targets, `down` / `up` of instances).
   * @defaultValue 3
   */
  readonly maxEvents?: number | undefined;
  /**
   * Most requests a scenario may expect (ratePerSec × durationSec), to keep runs short.
   * @defaultValue 2000
   */
  readonly maxRequests?: number | undefined;
  /**
   * The algorithms listeners may use.
   * @defaultValue every algorithm of `ALGORITHMS`
   */
  readonly algorithms?: readonly Algorithm[] | undefined;
  /**
   * Whether listeners may be layer 7 (HTTP, one default rule).
   * @defaultValue true
   */
  readonly layer7?: boolean | undefined;
}

interface ListenerPlan {
  readonly layer: 4 | 7;
  readonly protocol: string;
  readonly algorithm: Algorithm;
  readonly session: number | null;
  readonly targets: { readonly instance: number; readonly weight: number }[];
}

type EventInput = NonNullable<ScenarioInput['events']>[number];

/**
 * Small scenarios that `validateScenario` accepts: one load balancer, 1..maxInstances running
 * instances in its VPC behind a security group that allows everything, 1..maxListeners
 * listeners on distinct ports (layer 4, or layer 7 with one default rule) with their algorithm,
 * optional session persistence where the algorithm allows it and targets on those instances,
 * modest traffic, and a few events. Shrinks towards fewer, simpler parts.
 * @throws RangeError for constraints out of range or an empty algorithm list
 */
export function scenarioArb(constraints: ScenarioConstraints = {}): Arbitrary<ScenarioInput> {
  const fc = fastCheck('scenarioArb');
  const module = 'scenarioArb';
  const maxInstances = integerOption(module, 'maxInstances', constraints.maxInstances, 3, 1, 100);
  const maxListeners = integerOption(module, 'maxListeners', constraints.maxListeners, 2, 1, 50);
  const maxEvents = integerOption(module, 'maxEvents', constraints.maxEvents, 3, 0, 100);
  const maxRequests = integerOption(module, 'maxRequests', constraints.maxRequests, 2000, 1, 1e9);
  const algorithms = constraints.algorithms ?? ALGORITHMS;
  if (algorithms.length === 0) throw new RangeError(`${module}: algorithms must not be empty`);
  const layers: (4 | 7)[] = constraints.layer7 === false ? [4] : [4, 7];

  return fc
    .record({
      instances: fc.integer({ min: 1, max: maxInstances }),
      durationSec: fc.integer({ min: 1, max: Math.min(60, maxRequests) }),
      seed: fc.string({ maxLength: 8 }),
    })
    .chain(({ instances, durationSec, seed }) =>
      fc
        .record({
          listeners: fc.array(listenerArb(instances, layers, algorithms), {
            minLength: 1,
            maxLength: maxListeners,
            size: 'max',
          }),
          ratePerSec: fc.integer({
            min: 1,
            max: Math.max(1, Math.floor(maxRequests / durationSec)),
          }),
          clients: fc.integer({ min: 1, max: 1000 }),
          events: fc.array(
            fc.record({
              atSec: fc.integer({ min: 0, max: durationSec }),
              kind: fc.constantFrom('setWeight' as const, 'down' as const, 'up' as const),
              pick: fc.nat(),
              weight: fc.integer({ min: 0, max: MAX_WEIGHT }),
            }),
            { maxLength: maxEvents, size: 'max' },
          ),
        })
        .map((plan) => buildScenario(plan, instances, durationSec, seed)),
    );
}

/** One listener's plan: layer, protocol, algorithm, persistence where allowed, targets. */
function listenerArb(
  instances: number,
  layers: readonly (4 | 7)[],
  algorithms: readonly Algorithm[],
): Arbitrary<ListenerPlan> {
  const fc = fastCheck('scenarioArb');
  return fc
    .constantFrom(...layers)
    .chain((layer): Arbitrary<ListenerPlan | null> => {
      const usable = algorithms.filter((a) => describeAlgorithm(a).layers.includes(layer));
      if (usable.length === 0) return fc.constant(null);
      return fc.record({
        layer: fc.constant(layer),
        protocol: fc.constantFrom(...(layer === 4 ? ['TCP', 'UDP'] : ['HTTP'])),
        algorithm: fc.constantFrom(...usable),
        session: fc.option(fc.integer({ min: 30, max: 3600 }), { nil: null }),
        targets: fc.uniqueArray(
          fc.record({
            instance: fc.integer({ min: 0, max: instances - 1 }),
            weight: fc.integer({ min: 0, max: MAX_WEIGHT }),
          }),
          { minLength: 1, maxLength: instances, size: 'max', selector: (t) => t.instance },
        ),
      });
    })
    .filter((plan): plan is ListenerPlan => plan !== null)
    .map((plan) =>
      plan.session !== null && describeAlgorithm(plan.algorithm).persistence[plan.layer] !== null
        ? { ...plan, session: null }
        : plan,
    );
}

/** What the arbitraries drew, before it becomes a scenario. */
interface ScenarioPlan {
  readonly listeners: readonly ListenerPlan[];
  readonly ratePerSec: number;
  readonly clients: number;
  readonly events: readonly {
    readonly atSec: number;
    readonly kind: 'setWeight' | 'down' | 'up';
    readonly pick: number;
    readonly weight: number;
  }[];
}

/** The scenario for a plan: instances in the load balancer's VPC behind an open group. */
function buildScenario(
  plan: ScenarioPlan,
  instances: number,
  durationSec: number,
  seed: string,
): ScenarioInput {
  const ids = Array.from({ length: instances }, (_, i) => `ins-${i + 1}`);
  const listeners = plan.listeners.map((l, i) => {
    const targets = l.targets.map((t) => ({
      instance: ids[t.instance]!,
      port: 8080,
      weight: t.weight,
    }));
    const common = {
      id: `listener-${i + 1}`,
      protocol: l.protocol,
      port: 80 + i,
      algorithm: l.algorithm,
      ...(l.session === null ? {} : { session: { timeoutSec: l.session } }),
    };
    return l.layer === 4
      ? { ...common, targets }
      : { ...common, rules: [{ domain: 'www.example.com', path: '/', default: true, targets }] };
  });
  const layer4 = listeners.flatMap((l) =>
    'targets' in l ? l.targets.map((t) => ({ listener: l.id, target: `${t.instance}:8080` })) : [],
  );
  const events = plan.events.flatMap((e): EventInput[] => {
    if (e.kind !== 'setWeight') {
      return [{ atSec: e.atSec, op: e.kind, instance: ids[e.pick % instances]! }];
    }
    const at = layer4[e.pick % Math.max(1, layer4.length)];
    return at === undefined
      ? []
      : [{ atSec: e.atSec, op: 'setWeight' as const, ...at, weight: e.weight }];
  });
  const mix = listeners.map((l) =>
    'rules' in l ? { listener: l.id, host: 'www.example.com', path: '/' } : { listener: l.id },
  );
  return {
    seed,
    durationSec,
    loadBalancer: { id: 'lb-1', region: 'ap-test', vpcId: 'vpc-1', vip: '203.0.113.10' },
    instances: ids.map((id, i) => ({
      id,
      region: 'ap-test',
      vpcId: 'vpc-1',
      privateIp: `10.0.0.${i + 1}`,
      securityGroups: ['sg-open'],
    })),
    securityGroups: [
      { id: 'sg-open', inbound: [{ source: '0.0.0.0/0', port: 'ALL', action: 'allow' }] },
    ],
    listeners,
    traffic: {
      ratePerSec: plan.ratePerSec,
      clients: plan.clients,
      ...(listeners.some((l) => 'rules' in l) ? { mix } : {}),
    },
    events,
  };
}
