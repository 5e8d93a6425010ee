/**
 * Least request in the simulation. Under load its shares are not the weights': a target's pick
 * rate is proportional to w / (a + 1)^b, and by Little's law its in-flight count a is
 * proportional to that rate, so with many requests in flight rate^(1+b) ∝ w and the shares
 * follow w^(1 / (1 + b)) — the square root of the weights at Envoy's default bias 1. Bias 0 is
 * weighted round robin and follows the weights themselves.
 */
import { describe, expect, it } from 'vitest';
import { compareAlgorithm } from '../../src/sim/compare.js';
import { simulate } from '../../src/sim/simulate.js';
import { tcpScenario } from './scenarios.js';

/** Shares of targets weighted 10 and 40 under ~400 requests in flight, at `bias`. */
async function shares(bias: number | undefined, connectionMs = 400): Promise<number[]> {
  const report = await simulate(
    tcpScenario(
      [10, 40],
      { traffic: { ratePerSec: 1000, clients: 50_000, connectionMs } },
      {
        algorithm: 'least-request',
        ...(bias === undefined ? {} : { activeRequestBias: bias }),
      },
    ),
  );
  return report.servers.map((s) => s.share);
}

/** Shares of weights 10 and 40 flattened to the power 1 / (1 + bias). */
function predicted(bias: number): number[] {
  const flat = [10, 40].map((w) => w ** (1 / (1 + bias)));
  return flat.map((f) => f / (flat[0]! + flat[1]!));
}

describe('least request in the simulation', () => {
  it('follows the weights with bias 0 (weighted round robin)', async () => {
    const [a, b] = await shares(0);
    expect(a).toBeCloseTo(0.2, 3);
    expect(b).toBeCloseTo(0.8, 3);
  });

  it.each([0.5, 1, 2])('flattens the weights to w^(1/(1+b)) under load, bias %d', async (bias) => {
    const got = await shares(bias);
    const want = predicted(bias);
    // Measured within 0.003 of the prediction over seeds a, b, c (60k requests each).
    expect(Math.abs(got[1]! - want[1]!)).toBeLessThan(0.01);
  });

  it('uses bias 1 when none is given (Envoy’s default)', async () => {
    expect(await shares(undefined)).toEqual(await shares(1));
  });

  it('follows the weights when hardly anything is in flight', async () => {
    const [, b] = await shares(1, 0.01);
    expect(b).toBeCloseTo(0.8, 2);
  });

  it('with equal weights spreads requests evenly by the best of choiceCount draws', async () => {
    const report = await simulate(
      tcpScenario(
        [10, 10, 10, 10],
        { traffic: { ratePerSec: 1000, clients: 50_000, connectionMs: 400 } },
        { algorithm: 'least-request', choiceCount: 4 },
      ),
    );
    for (const s of report.servers) expect(s.share).toBeCloseTo(0.25, 1);
  });
});

describe('least request in compare', () => {
  it('drops its own settings when the scenario is switched to another algorithm', async () => {
    const scenario = tcpScenario([10, 40], {}, { algorithm: 'least-request', choiceCount: 3 });
    const wrr = await compareAlgorithm(scenario, 'wrr');
    expect(wrr.invalid).toBeUndefined();
    expect(wrr.maxDeviation).toBeLessThan(0.001);
    expect((await compareAlgorithm(scenario, 'least-request')).invalid).toBeUndefined();
  });
});
