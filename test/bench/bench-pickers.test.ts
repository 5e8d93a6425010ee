import { describe, expect, it } from 'vitest';
import { benchPickers, benchTargets } from '../../src/bench/bench-pickers.js';
import type { PickerTarget } from '../../src/balancer/picker.js';

/** A clock that advances 1 µs per reading: tinybench's runs become a fixed number of calls. */
function fakeClock(): () => number {
  let t = 0;
  return () => (t += 0.001);
}

const quick = { timeMs: 2, sharePicks: 20_000 } as const;

/** Always the first target: fast, and as unfair as a picker gets. */
const firstOnly = () => ({ pick: () => 0 });

/** Weighted round robin the slow, obvious way (the textbook O(n) loop over expanded weights). */
function expandedRoundRobin(targets: readonly PickerTarget[]) {
  const slots = targets.flatMap((t, i) => Array<number>(t.weight).fill(i));
  let next = 0;
  return { pick: () => slots[next++ % slots.length]! };
}

describe('benchPickers', () => {
  it('gives one row per target count and case: floor, the algorithms, then the user’s pickers', async () => {
    const rows = await benchPickers({
      ...quick,
      algorithms: ['wrr', 'maglev'],
      targets: [10, 100],
      pickers: { 'first-only': firstOnly },
      now: fakeClock(),
    });
    expect(rows.map((r) => `${r.algorithm}@${r.targets}`)).toEqual([
      'floor@10',
      'wrr@10',
      'maglev@10',
      'first-only@10',
      'floor@100',
      'wrr@100',
      'maglev@100',
      'first-only@100',
    ]);
    // The fake clock gives every timed call the same duration: every case, floor included,
    // measures the same time per pick, so each ratio to its neighbouring floor is 1.
    for (const row of rows) {
      expect(row.nsPerPick).toBeGreaterThan(0);
      expect(row.nsPerPick).toBeCloseTo(rows[0]!.nsPerPick, 6);
      expect(row.floorRatio).toBeCloseTo(1, 6);
    }
  });

  it('measures the share error: near 0 for smooth WRR, the first target’s surplus for a biased picker', async () => {
    const rows = await benchPickers({
      ...quick,
      algorithms: ['wrr'],
      targets: [10],
      pickers: { 'first-only': firstOnly, 'expanded-rr': expandedRoundRobin },
      now: fakeClock(),
    });
    const targets = benchTargets(10);
    const total = targets.reduce((s, t) => s + t.weight, 0);
    const error = (name: string) => rows.find((r) => r.algorithm === name)!.shareError;
    expect(error('wrr')).toBeLessThan(1e-3);
    // Off by at most one unfinished cycle: a weight (<= 100) of the 20,000 picks.
    expect(error('expanded-rr')).toBeLessThan(100 / quick.sharePicks);
    expect(error('first-only')).toBeCloseTo(1 - targets[0]!.weight / total, 12);
  });

  it('keeps a connection-counting picker in a steady state (least connections follows the weights)', async () => {
    const [, wlc] = await benchPickers({
      ...quick,
      algorithms: ['wlc'],
      targets: [10],
      now: fakeClock(),
    });
    expect(wlc!.algorithm).toBe('wlc');
    expect(wlc!.shareError).toBeLessThan(0.02);
  });

  it('refuses a picker that returns something other than a target index', async () => {
    await expect(
      benchPickers({
        ...quick,
        algorithms: [],
        targets: [3],
        pickers: { bad: () => ({ pick: () => 7 }) },
      }),
    ).rejects.toThrow('benchPickers: bad picked 7, not an index in 0..2');
  });

  it('refuses bad options, naming them', async () => {
    await expect(benchPickers({ targets: [0] })).rejects.toThrow(
      'benchPickers: targets must be integers in 1..10000, got 0',
    );
    await expect(benchPickers({ timeMs: -1 })).rejects.toThrow(
      /timeMs must be a finite number > 0/,
    );
    await expect(benchPickers({ algorithms: ['nope' as 'wrr'] })).rejects.toThrow(
      /algorithms must be among/,
    );
    await expect(benchPickers({ pickers: { wrr: firstOnly } })).rejects.toThrow(
      'benchPickers: picker name "wrr" is taken by a built-in case',
    );
  });
});
