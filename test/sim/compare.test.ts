import { describe, expect, it } from 'vitest';
import { renderComparisonJson, renderComparisonTable } from '../../src/report/render-comparison.js';
import { ALGORITHMS } from '../../src/balancer/algorithms.js';
import { compareAlgorithm } from '../../src/sim/compare.js';
import { ScenarioError } from '../../src/errors.js';
import { tcpScenario } from './scenarios.js';

const unbindOneOfTen = tcpScenario(
  Array.from({ length: 10 }, () => 10),
  {
    traffic: { ratePerSec: 2000, clients: 2000 },
    events: [{ atSec: 20, op: 'unbind', listener: 'tcp-80', target: 'ins-3:8080' }],
  },
);

describe('compareAlgorithm', () => {
  it('shows consistent hashing moving fewer clients than a static source hash', async () => {
    const [ring, maglev, ipHash] = await Promise.all(
      (['ring-hash', 'maglev', 'ip-hash'] as const).map((a) => compareAlgorithm(unbindOneOfTen, a)),
    );
    // A tenth of 2000 clients were on the unbound target; ring hash moves only those.
    expect(ring!.clientsRemapped).toBeLessThan(260);
    expect(maglev!.clientsRemapped).toBeLessThan(1.3 * ring!.clientsRemapped);
    expect(ipHash!.clientsRemapped).toBeGreaterThan(3 * ring!.clientsRemapped);
  });

  it('measures fairness: wrr follows the weights exactly, random within noise', async () => {
    const wrr = await compareAlgorithm(unbindOneOfTen, 'wrr');
    const random = await compareAlgorithm(unbindOneOfTen, 'random');
    expect(wrr.maxDeviation).toBeLessThan(0.0005);
    expect(random.maxDeviation).toBeGreaterThan(wrr.maxDeviation);
    expect(random.maxDeviation).toBeLessThan(0.01);
  });

  it('marks an algorithm the scenario forbids instead of failing, and rejects a bad scenario', async () => {
    const persistent = tcpScenario([10, 20], {}, { session: { timeoutSec: 60 } });
    const wlc = await compareAlgorithm(persistent, 'wlc');
    expect(wlc.invalid).toMatch(/least connections/);
    expect(renderComparisonTable([wlc])).toContain('wlc: not valid for this scenario');
    await expect(compareAlgorithm(tcpScenario([101]), 'wrr')).rejects.toBeInstanceOf(ScenarioError);
  });

  it('gives the same JSON for the same scenario and seed', async () => {
    const run = async () =>
      renderComparisonJson(
        await Promise.all(ALGORITHMS.map((a) => compareAlgorithm(unbindOneOfTen, a))),
      );
    const first = await run();
    expect(await run()).toBe(first);
    expect((JSON.parse(first) as unknown[]).length).toBe(ALGORITHMS.length);
  });

  it('passes the caps through to validation', async () => {
    const twoEvents = tcpScenario([10, 10], {
      durationSec: 10,
      events: [
        { atSec: 2, op: 'setWeight', listener: 'tcp-80', target: 'ins-0:8080', weight: 0 },
        { atSec: 4, op: 'setWeight', listener: 'tcp-80', target: 'ins-0:8080', weight: 10 },
      ],
    });
    await expect(compareAlgorithm(twoEvents, 'wrr', { maxEvents: 1 })).rejects.toBeInstanceOf(
      ScenarioError,
    );
    await expect(compareAlgorithm(twoEvents, 'wrr', { maxMemoryMb: 1 })).rejects.toBeInstanceOf(
      ScenarioError,
    );
    expect((await compareAlgorithm(twoEvents, 'wrr', { maxEvents: 2 })).algorithm).toBe('wrr');
  });
});
