/**
 * The run's request loop: arrival times computed in batches are the Poisson process drawn one gap
 * at a time, and the short loop a run takes when every request goes to one lean pool serves what
 * the general loop serves.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveRng } from '../../src/random/rng.js';
import { simulate } from '../../src/sim/simulate.js';
import { exponential } from '../../src/random/exponential.js';
import { Arrivals } from '../../src/sim/traffic.js';
import { tcpScenario, type Json } from './scenarios.js';

describe('Arrivals', () => {
  it('gives the times of exponential gaps drawn one at a time, across batches', () => {
    fc.assert(
      fc.property(fc.string(), fc.double({ min: 0.01, max: 1e6, noNaN: true }), (seed, rate) => {
        const arrivals = new Arrivals(rate, deriveRng(seed, 'arrivals'));
        const gaps = deriveRng(seed, 'arrivals');
        let now = 0;
        for (let i = 0; i < 700; i++) {
          now += exponential(gaps, 1000 / rate);
          expect(arrivals.next()).toBe(now);
        }
      }),
      { numRuns: 20 },
    );
  });
});

/** The servers' counts and the run's totals: what the loops must agree on. */
function served(report: Awaited<ReturnType<typeof simulate>>): unknown {
  return {
    requests: report.requests,
    unserved: report.unserved,
    servers: report.servers.map((s) => ({ ...s })),
  };
}

describe('the short request loop', () => {
  it('serves what the general loop serves (an allow-all balancer group takes the general one)', async () => {
    for (const listener of [{}, { algorithm: 'maglev', session: { timeoutSec: 30 } }]) {
      const events = [
        { atSec: 10, op: 'down', instance: 'ins-1' },
        { atSec: 20, op: 'setWeight', listener: 'tcp-80', target: 'ins-2:8080', weight: 0 },
        { atSec: 40, op: 'up', instance: 'ins-1' },
      ];
      const lean = tcpScenario([10, 20, 30], { events }, listener);
      const guarded: Json = {
        ...lean,
        loadBalancer: { ...(lean['loadBalancer'] as Json), securityGroups: ['sg-open'] },
      };
      const short = await simulate(lean);
      const general = await simulate(guarded);
      expect(served(short)).toEqual(served(general));
      expect(short.servers.some((s) => s.failed > 0)).toBe(true);
    }
  });
});
