import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/random/rng.js';
import { ZipfSampler } from '../../src/random/zipf.js';
import type { TrafficSpec } from '../../src/scenario/types.js';
import { CLIENT_BATCH, ClientPopulation } from '../../src/sim/traffic.js';

function traffic(clients: number, popularity: TrafficSpec['popularity']): TrafficSpec {
  return {
    ratePerSec: 1,
    clients,
    popularity,
    connectionMs: 0,
    clientCidr: '100.64.0.0/10',
    mix: [],
  };
}

describe('ClientPopulation draws in batches', () => {
  it('gives the same clients as drawing one at a time, and announces each batch first', () => {
    // For all populations and popularities: batching (for read-ahead) must not change the draws.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.option(fc.double({ min: 0.5, max: 2, noNaN: true }), { nil: undefined }),
        fc.integer({ min: 1, max: 3 * CLIENT_BATCH + 5 }),
        (clients, s, draws) => {
          const population = new ClientPopulation(
            traffic(clients, s === undefined ? 'uniform' : { zipf: s }),
            createRng('c'),
          );
          const announced: number[] = [];
          population.onBatch = (addresses, count) => announced.push(...addresses.slice(0, count));
          const rng = createRng('c');
          const zipf = s === undefined ? null : new ZipfSampler(clients, s);
          for (let k = 0; k < draws; k++) {
            const expected = zipf === null ? (rng.next() * clients) | 0 : zipf.sample(rng);
            const client = population.next();
            expect(client).toBe(expected);
            expect(announced[k]).toBe(population.address(client));
          }
          expect(announced.length).toBe(Math.ceil(draws / CLIENT_BATCH) * CLIENT_BATCH);
        },
      ),
      { numRuns: 50 },
    );
  });
});
