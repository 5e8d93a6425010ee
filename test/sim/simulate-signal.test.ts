import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/report/render-json.js';
import { DEFAULT_SCENARIO } from '../../src/scenario/default-scenario.js';
import { simulate, simulateSync } from '../../src/sim/simulate.js';
import { tcpScenario } from './scenarios.js';

// 10 minutes at 10k requests a second: 6 million requests, about 90 chunks of 2^16.
const LONG = tcpScenario([10, 20, 30], {
  durationSec: 600,
  traffic: { ratePerSec: 10_000, clients: 2000, popularity: 'uniform', connectionMs: 200 },
});

describe('simulate and simulateSync', () => {
  it.each([
    ['the default scenario', DEFAULT_SCENARIO],
    [
      'a run of several chunks',
      tcpScenario([10, 20, 30], { durationSec: 300 }, { algorithm: 'p2c' }),
    ],
  ])('give byte-identical reports for %s', async (_name, scenario) => {
    const chunked = await simulate(scenario);
    const inOneGo = simulateSync(scenario);
    expect(renderJson(chunked)).toBe(renderJson(inOneGo));
  });
});

describe('simulate: signal', () => {
  it('stops a long run with an AbortError when the signal fires during the run', async () => {
    const controller = new AbortController();
    let progressCalls = 0;
    const run = simulate(LONG, {
      signal: controller.signal,
      onProgress: () => {
        progressCalls++;
        if (progressCalls === 1) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    await expect(run).rejects.toBeInstanceOf(DOMException);
    // It stopped at the first chunk boundary after the abort, not at the end.
    expect(progressCalls).toBe(1);
  });

  it('rejects at once when the signal is already aborted, with the reason as cause', async () => {
    const controller = new AbortController();
    const reason = new Error('user gave up');
    controller.abort(reason);
    let progressCalls = 0;
    const run = simulate(LONG, {
      signal: controller.signal,
      onProgress: () => {
        progressCalls++;
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError', cause: reason });
    expect(progressCalls).toBe(0);
  });

  it('lets other work run between chunks', async () => {
    let turns = 0;
    let stop = false;
    const spin = (): void => {
      if (stop) return;
      turns++;
      setImmediate(spin);
    };
    setImmediate(spin);
    await simulate(tcpScenario([1, 1], { durationSec: 300 }));
    stop = true;
    expect(turns).toBeGreaterThan(1);
  });
});
