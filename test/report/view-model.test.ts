import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { poolKey } from '../../src/cloud/pool-ref.js';
import { isDivergent } from '../../src/report/presentation.js';
import { buildView } from '../../src/report/view-model.js';
import { arbitraryReport } from './fixtures/arbitrary-report.js';
import { fixtureReport } from './fixtures/report.js';

describe('buildView', () => {
  it('groups the fixture into its two pools and flags only ins-c', () => {
    const view = buildView(fixtureReport);

    expect(view.pools.map((p) => [p.listener, p.rule])).toEqual([
      ['tcp-80', undefined],
      ['http-80', 'www.example.com/img'],
    ]);
    expect(view.pools[0]!.servers.filter((_, i) => view.pools[0]!.flagged[i])).toEqual([
      fixtureReport.servers.find((s) => s.target === 'ins-c:8080'),
    ]);
    expect(view.flaggedCount).toBe(1);
  });

  it('partitions the servers into pools, in report order, with their request totals', () => {
    fc.assert(
      fc.property(arbitraryReport, (report) => {
        const view = buildView(report);

        expect(view.pools.flatMap((p) => p.servers)).toEqual(
          // A stable sort by first appearance of the pool is the reference grouping.
          [...report.servers].sort((a, b) => firstPool(a) - firstPool(b)),
        );
        for (const pool of view.pools) {
          expect(new Set(pool.servers.map(poolKey))).toEqual(new Set([poolKey(pool)]));
          expect(pool.requests).toBe(pool.servers.reduce((n, s) => n + s.requests, 0));
          expect(pool.flagged).toEqual(
            pool.servers.map((s) => isDivergent(s.share, s.expectedShare, pool.requests)),
          );
        }
        function firstPool(s: (typeof report.servers)[number]): number {
          return report.servers.findIndex((t) => poolKey(t) === poolKey(s));
        }
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('lists event destinations largest first, ties in target order', () => {
    fc.assert(
      fc.property(arbitraryReport, (report) => {
        const view = buildView(report);

        view.events.forEach(({ event, movedTo }) => {
          expect(Object.fromEntries(movedTo)).toEqual(event.movedTo);
          for (let i = 1; i < movedTo.length; i++) {
            const [a, m] = movedTo[i - 1]!;
            const [b, n] = movedTo[i]!;
            expect(m > n || (m === n && view.targetRank.get(a)! < view.targetRank.get(b)!)).toBe(
              true,
            );
          }
        });
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('ends the timeline at the later of the duration and the last window', () => {
    const view = buildView({
      ...fixtureReport,
      durationSec: 250,
      windows: [{ fromSec: 270, toSec: 310, requests: {} }],
    });

    expect(view.endSec).toBe(310);
    expect(buildView({ ...fixtureReport, windows: [] }).endSec).toBe(300);
  });
});
