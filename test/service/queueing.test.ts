/**
 * Queueing theory reproduced by the simulator (light variants; the heavy ones are in the fidelity
 * suite). Fixed seeds; the tolerances are about three times the spread measured over the seeds
 * a–e (given with each case).
 */
import { describe, expect, it } from 'vitest';
import { erlangC, runQueueing } from './queueing-run.js';

describe('a backend with a service model is a queue', () => {
  it('M/M/1 per target under random: mean 1/(μ−λ), p99 ln(100)/(μ−λ)', () => {
    // 10 servers at ρ = 0.7, 280k requests. Seeds a–e: mean ×0.975..1.017, p99 ×0.954..1.034.
    const r = runQueueing({
      algorithm: 'random',
      servers: 10,
      meanMs: 10,
      load: 0.7,
      durationSec: 400,
      seed: 'a',
    });
    const inSystem = 1 / (1 - 0.7);
    expect(Math.abs(r.meanInSystem / inSystem - 1)).toBeLessThan(0.06);
    expect(Math.abs(r.p99InSystem / (Math.log(100) * inSystem) - 1)).toBeLessThan(0.06);
    expect(Math.abs(r.utilisation - 0.7)).toBeLessThan(0.02);
  });

  it('M/M/c with workers: c matches Erlang C', () => {
    // 5 instances of 4 workers at ρ = 0.8. Seeds a–e: ×0.998..1.021 of 1 + C(4, 3.2)/(4 − 3.2).
    const r = runQueueing({
      algorithm: 'random',
      servers: 5,
      workers: 4,
      meanMs: 10,
      load: 0.8,
      durationSec: 400,
      seed: 'a',
    });
    const expected = 1 + erlangC(4, 3.2) / (4 - 3.2);
    expect(Math.abs(r.meanInSystem / expected - 1)).toBeLessThan(0.06);
  });

  it('M/D/1 (constant service) matches Pollaczek–Khinchine', () => {
    // Mean time in system 1 + ρ/(2(1−ρ)). Seeds a–e: ×0.995..1.003.
    const r = runQueueing({
      algorithm: 'random',
      servers: 10,
      meanMs: 10,
      load: 0.7,
      durationSec: 400,
      seed: 'a',
      distribution: 'constant',
    });
    expect(Math.abs(r.meanInSystem / (1 + 0.7 / (2 * 0.3)) - 1)).toBeLessThan(0.04);
  });

  it('the supermarket model: random ≈ 10, p2c ≈ 2.6, least connections ≈ 1 (100 servers, load 0.9)', () => {
    // 180k requests. Seeds a–e: random 8.98..9.88, p2c 2.61..2.72, wlc 1.058..1.084.
    const run = (algorithm: string) =>
      runQueueing({ algorithm, servers: 100, meanMs: 100, load: 0.9, durationSec: 200, seed: 'a' })
        .meanInSystem;
    const random = run('random');
    const p2c = run('p2c');
    const wlc = run('wlc');
    expect(Math.abs(random / 10 - 1)).toBeLessThan(0.2);
    expect(p2c).toBeGreaterThan(2.4);
    expect(p2c).toBeLessThan(3);
    expect(wlc).toBeGreaterThanOrEqual(1);
    expect(wlc).toBeLessThan(1.2);
  });
});
