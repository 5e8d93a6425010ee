import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { NO_TARGET, type PickerTarget } from '../../src/balancer/picker.js';
import { ScenarioError } from '../../src/errors.js';
import { compareAlgorithm } from '../../src/sim/compare.js';
import { sweep } from '../../src/sim/sweep.js';
import { tcpScenario } from './scenarios.js';

const SMALL = tcpScenario([10, 20, 30], {
  seed: 'sweep',
  durationSec: 20,
  events: [{ atSec: 10, op: 'unbind', listener: 'tcp-80', target: 'ins-1:8080' }],
});
const ALGORITHMS = ['wrr', 'random', 'maglev'] as const;

/** Counts worker threads created from now on, and whether each has exited. */
function watchWorkers(): { created: Worker[]; exited: Set<Worker>; stop: () => void } {
  const created: Worker[] = [];
  const exited = new Set<Worker>();
  const listener = (worker: Worker): void => {
    created.push(worker);
    worker.once('exit', () => exited.add(worker));
  };
  process.on('worker', listener);
  return { created, exited, stop: () => process.off('worker', listener) };
}

let watch: ReturnType<typeof watchWorkers> | undefined;
afterEach(() => {
  watch?.stop();
  watch = undefined;
});

// A picker module as a user writes it: plain JavaScript, a named export per picker.
const moduleDir = mkdtempSync(join(tmpdir(), 'lbsim-sweep-'));
const PICKER_MODULE = join(moduleDir, 'pickers.mjs');
writeFileSync(
  PICKER_MODULE,
  `export function first(targets) {
     let list = targets;
     return {
       algorithm: 'first', get size() { return list.length; },
       pick() { return list.findIndex((t) => t.weight > 0); },
       pickKey() { return this.pick(0); },
       update(next) { list = next; }, connectionOpened() {}, connectionClosed() {},
     };
   }\n`,
);
const first = (targets: readonly PickerTarget[]) => {
  let list = targets;
  return {
    algorithm: 'first',
    get size() {
      return list.length;
    },
    pick: () => {
      const i = list.findIndex((t) => t.weight > 0);
      return i < 0 ? NO_TARGET : i;
    },
    pickKey: () => list.findIndex((t) => t.weight > 0),
    update: (next: readonly PickerTarget[]) => {
      list = next;
    },
    connectionOpened: () => {},
    connectionClosed: () => {},
  };
};

describe('sweep', () => {
  it('gives byte-identical JSON in-process and on 1, 2 and 3 worker threads', async () => {
    const results = [];
    for (const workers of [0, 1, 2, 3]) {
      results.push(
        JSON.stringify(await sweep(SMALL, { seeds: 4, algorithms: ALGORITHMS, workers })),
      );
    }
    expect(results[1]).toBe(results[0]);
    expect(results[2]).toBe(results[0]);
    expect(results[3]).toBe(results[0]);
  }, 120_000);

  it('derives the seeds from the scenario seed, the first being the seed itself', async () => {
    const result = await sweep(SMALL, { seeds: 3, algorithms: ['random'], workers: 0 });
    expect(result.seeds).toEqual(['sweep', 'sweep#2', 'sweep#3']);
    const rows = await Promise.all(
      result.seeds.map((seed) => compareAlgorithm({ ...SMALL, seed }, 'random')),
    );
    const mean = rows.reduce((a, r) => a + r.maxDeviation, 0) / rows.length;
    expect(result.rows[0]!.metrics.maxDeviation!.mean).toBeCloseTo(mean, 9);
  });

  it('reports a mean and a 95% Student t interval per metric', async () => {
    const result = await sweep(SMALL, { seeds: 5, algorithms: ALGORITHMS, workers: 0 });
    expect(result).toMatchObject({ confidence: 0.95, interval: 'student-t' });
    expect(result.t).toBeCloseTo(2.776, 3);
    const [wrr, random] = result.rows;
    // wrr follows the weights almost exactly on every seed; random strays, by a varying amount.
    expect(random!.metrics.maxDeviation!.halfWidth).toBeGreaterThan(0);
    expect(wrr!.metrics.maxDeviation!.mean).toBeLessThan(random!.metrics.maxDeviation!.mean);
    for (const row of result.rows) {
      for (const m of Object.values(row.metrics)) {
        expect(m!.low).toBeLessThanOrEqual(m!.mean);
        expect(m!.high).toBeGreaterThanOrEqual(m!.mean);
      }
    }
  });

  it('marks an algorithm the scenario forbids', async () => {
    const persistent = tcpScenario([10, 20], { durationSec: 5 }, { session: { timeoutSec: 60 } });
    const result = await sweep(persistent, { seeds: 2, algorithms: ['wrr', 'wlc'], workers: 0 });
    expect(result.rows[1]).toMatchObject({ algorithm: 'wlc', metrics: {} });
    expect(result.rows[1]!.invalid).toMatch(/least connections/);
  });

  it('runs a picker module in every worker, as the same pickers in-process', async () => {
    const options = { seeds: 2, algorithms: ['first', 'wrr'] };
    const threads = await sweep(SMALL, { ...options, workers: 2, pickerModule: PICKER_MODULE });
    const here = await sweep(SMALL, { ...options, workers: 0, pickers: { first } });
    expect(JSON.stringify(threads)).toBe(JSON.stringify(here));
    expect(threads.rows[0]!.metrics.maxDeviation!.mean).toBeGreaterThan(0.4);
  }, 60_000);

  it('runs in this thread when given pickers as functions', async () => {
    watch = watchWorkers();
    await sweep(SMALL, { seeds: 2, algorithms: ['first'], workers: 2, pickers: { first } });
    expect(watch.created).toHaveLength(0);
  });

  it('terminates its workers and rejects with an AbortError when the signal fires', async () => {
    const long = tcpScenario([10, 20, 30], {
      durationSec: 3600,
      traffic: { ratePerSec: 50_000, clients: 2000, popularity: 'uniform', connectionMs: 200 },
    });
    const controller = new AbortController();
    watch = watchWorkers();
    process.once('worker', (worker: Worker) => {
      worker.once('online', () => {
        controller.abort();
      });
    });
    const run = sweep(long, {
      seeds: 2,
      algorithms: ['wrr'],
      workers: 2,
      signal: controller.signal,
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(watch.created.length).toBeGreaterThan(0);
    expect(watch.created.every((w) => watch!.exited.has(w))).toBe(true);
  }, 60_000);

  it('stops an in-process sweep too', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(sweep(SMALL, { workers: 0, signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('validates the scenario and its options before any run', async () => {
    await expect(sweep(tcpScenario([101]), { workers: 0 })).rejects.toBeInstanceOf(ScenarioError);
    await expect(sweep(SMALL, { seeds: 1 })).rejects.toMatchObject({ code: 'ERR_SWEEP_OPTION' });
    await expect(sweep(SMALL, { workers: -1 })).rejects.toThrow(/workers must be an integer/);
    await expect(sweep(SMALL, { algorithms: ['wrr', 'magelv'] })).rejects.toThrow(
      /"magelv" is not one of wrr/,
    );
    await expect(sweep(SMALL, { pickers: { first }, pickerModule: PICKER_MODULE })).rejects.toThrow(
      /not both/,
    );
  });
});
