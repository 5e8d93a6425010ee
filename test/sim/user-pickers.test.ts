import { describe, expect, it } from 'vitest';
import { ALGORITHMS } from '../../src/balancer/algorithms.js';
import { NO_TARGET, type Picker, type PickerTarget } from '../../src/balancer/picker.js';
import { LbsimTypeError, ScenarioError } from '../../src/errors.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { compareAlgorithm } from '../../src/sim/compare.js';
import { simulate, simulateSync } from '../../src/sim/simulate.js';
import { tcpScenario } from './scenarios.js';

/** A deliberately biased picker: the first target with weight > 0 always wins. */
class FirstPicker implements Picker {
  readonly algorithm = 'first';
  #targets: readonly PickerTarget[];
  constructor(targets: readonly PickerTarget[]) {
    this.#targets = targets;
  }
  get size(): number {
    return this.#targets.length;
  }
  pick(_hash: number): number {
    const i = this.#targets.findIndex((t) => t.weight > 0);
    return i < 0 ? NO_TARGET : i;
  }
  pickKey(_key: string): number {
    return this.pick(0);
  }
  update(targets: readonly PickerTarget[]): void {
    this.#targets = targets;
  }
  connectionOpened(_index: number): void {}
  connectionClosed(_index: number): void {}
}

const first = (targets: readonly PickerTarget[]): Picker => new FirstPicker(targets);
const SHORT = { durationSec: 10 };

function shareOf(report: Awaited<ReturnType<typeof simulate>>, target: string): number {
  return report.servers.find((s) => s.target === target)!.share;
}

describe('your own picker in the simulator', () => {
  it('runs in simulate, and the report shows its bias', async () => {
    const scenario = tcpScenario([10, 10, 10], SHORT, { algorithm: 'first' });
    const report = await simulate(scenario, { pickers: { first } });
    expect(shareOf(report, 'ins-0:8080')).toBe(1);
    expect(shareOf(report, 'ins-1:8080')).toBe(0);
    expect(report.servers.find((s) => s.target === 'ins-0:8080')!.expectedShare).toBeCloseTo(
      1 / 3,
      6,
    );
  });

  it('runs in simulateSync, declared with its facts', () => {
    const report = simulateSync(tcpScenario([0, 10], SHORT, { algorithm: 'first' }), {
      pickers: { first: { create: first, hashesKey: false, countsConnections: false } },
    });
    expect(shareOf(report, 'ins-1:8080')).toBe(1);
  });

  it('is given the hash of the client address as its key, or 0 when it declares it reads none', () => {
    for (const hashesKey of [true, false]) {
      const keys = new Set<number>();
      // FirstPicker, noting each key it is given.
      const create = (targets: readonly PickerTarget[]): Picker => {
        const picker = new FirstPicker(targets);
        const pick = picker.pick.bind(picker);
        picker.pick = (hash: number) => (keys.add(hash), pick(hash));
        return picker;
      };
      simulateSync(tcpScenario([10, 10], SHORT, { algorithm: 'mine' }), {
        pickers: { mine: { create, hashesKey, countsConnections: false } },
      });
      if (hashesKey) expect(keys.size).toBeGreaterThan(10);
      else expect([...keys]).toEqual([0]);
    }
  });

  it('runs in compareAlgorithm beside a built-in', async () => {
    const scenario = tcpScenario([10, 10], SHORT);
    const own = await compareAlgorithm(scenario, 'first', { pickers: { first } });
    const wrr = await compareAlgorithm(scenario, 'wrr', { pickers: { first } });
    expect(own.algorithm).toBe('first');
    expect(own.maxDeviation).toBeCloseTo(0.5, 6);
    expect(wrr.maxDeviation).toBeLessThan(0.01);
  });

  it('refuses a name that shadows a built-in algorithm', async () => {
    const scenario = tcpScenario([10, 10], SHORT);
    expect(() => validateScenario(scenario, { pickers: { wrr: first } })).toThrow(LbsimTypeError);
    await expect(simulate(scenario, { pickers: { maglev: first } })).rejects.toMatchObject({
      code: 'ERR_USER_PICKER',
    });
  });

  it('refuses an entry that is not a factory', () => {
    const pickers = { first: 42 } as unknown as Record<string, typeof first>;
    expect(() => validateScenario(tcpScenario([1]), { pickers })).toThrow(
      /must be a picker factory/,
    );
  });

  it('without pickers, refuses an unknown name exactly as before', () => {
    const scenario = tcpScenario([10], SHORT, { algorithm: 'first' });
    const problems = (options: Parameters<typeof validateScenario>[1]): unknown => {
      try {
        validateScenario(scenario, options);
      } catch (error) {
        if (error instanceof ScenarioError) return error.issues;
      }
      return null;
    };
    const before = problems({});
    expect(before).toEqual([
      {
        path: 'listeners[0].algorithm',
        message: expect.stringMatching(/^must be one of "wrr", .* \(got "first"\)$/),
      },
    ]);
    // Other pickers do not let an unknown name through; they join the names it may be.
    const withOthers = problems({ pickers: { second: first } }) as { message: string }[];
    expect(withOthers).toHaveLength(1);
    expect(withOthers[0]!.message).toMatch(
      new RegExp(`\\(${ALGORITHMS.length + 1} in all\\) \\(got "first"\\)$`),
    );
  });
});
