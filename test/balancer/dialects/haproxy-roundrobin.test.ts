import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DialectTarget } from '../../../src/balancer/dialects/dialect-picker.js';
import {
  HaproxyRoundRobinPicker,
  createHaproxyRoundRobinPicker,
} from '../../../src/balancer/dialects/haproxy-roundrobin.js';
import { NO_TARGET } from '../../../src/balancer/picker.js';

const targets = (weights: readonly number[]): DialectTarget[] =>
  weights.map((weight, i) => ({ id: `127.0.0.1:${8000 + i}`, weight }));

const weightLists = fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 12 });

function picks(p: { pick(h: number): number }, count: number): number[] {
  return Array.from({ length: count }, () => p.pick(0));
}

describe('haproxy-roundrobin', () => {
  it('starts as HAProxy 2.6 does with weights 5,3,1,1 (heaviest first, then by position)', () => {
    const p = new HaproxyRoundRobinPicker(targets([5, 3, 1, 1]));
    // The first 20 requests a live HAProxy 2.6.12 served (see the roundrobin capture).
    expect(picks(p, 20).join('')).toBe('01020101030102010103');
  });

  it('gives each server 16 × weight picks, ±1, in each window of 16 × Σ weights', () => {
    // Not exactly: with weights 10,49,50 each window gives 159,784,801 — and so does a live
    // HAProxy 2.6.12 (three windows, 5232 requests, checked while writing this test).
    fc.assert(
      fc.property(weightLists, (weights) => {
        const p = new HaproxyRoundRobinPicker(targets(weights));
        const window = 16 * weights.reduce((a, b) => a + b, 0);
        for (let cycle = 0; cycle < 3; cycle++) {
          const counts = new Array<number>(weights.length).fill(0);
          for (let i = 0; i < window; i++) counts[p.pick(0)]!++;
          counts.forEach((c, i) => {
            expect(Math.abs(c - 16 * weights[i]!)).toBeLessThanOrEqual(1);
          });
          expect(counts.reduce((a, b) => a + b, 0)).toBe(window);
        }
      }),
      { seed: 0x7272, numRuns: 60 },
    );
  });

  it('gives exactly 16 × weight picks a window when the weights are equal or small', () => {
    for (const weights of [[1], [3, 3, 3], [5, 3, 1, 1], [1, 2, 4, 8], [13, 1, 7, 7, 2, 30]]) {
      const p = new HaproxyRoundRobinPicker(targets(weights));
      const window = 16 * weights.reduce((a, b) => a + b, 0);
      const counts = new Array<number>(weights.length).fill(0);
      for (let i = 0; i < 3 * window; i++) counts[p.pick(0)]!++;
      expect(counts).toEqual(weights.map((w) => 48 * w));
    }
  });

  it('never picks a server of weight 0 while another is up', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 2, maxLength: 8 }),
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 8, maxLength: 8 }),
        (w1, w2raw) => {
          const p = new HaproxyRoundRobinPicker(targets(w1));
          const check = (w: readonly number[]): void => {
            const up = w.some((x) => x > 0);
            for (const s of picks(p, 200)) {
              if (!up) expect(s).toBe(NO_TARGET);
              else expect(w[s]).toBeGreaterThan(0);
            }
          };
          check(w1);
          const w2 = w1.map((_, i) => w2raw[i]!);
          p.update(targets(w2));
          check(w2);
        },
      ),
      { seed: 0x7273, numRuns: 80 },
    );
  });

  it('gives the same sequence for the same inputs, and update() with equal weights is a no-op', () => {
    fc.assert(
      fc.property(weightLists, fc.nat({ max: 300 }), (weights, before) => {
        const a = new HaproxyRoundRobinPicker(targets(weights));
        const b = createHaproxyRoundRobinPicker(targets(weights));
        expect(picks(a, before)).toEqual(picks(b, before));
        b.update(targets(weights));
        expect(picks(a, 300)).toEqual(picks(b, 300));
      }),
      { seed: 0x7274, numRuns: 100 },
    );
  });

  it('treats a changed server list as a reload: a fresh start with the new list', () => {
    const p = new HaproxyRoundRobinPicker(targets([5, 3, 1, 1]));
    picks(p, 37);
    const next = targets([5, 3, 1, 1]).filter((_, i) => i !== 1);
    p.update(next);
    expect(p.size).toBe(3);
    expect(picks(p, 50)).toEqual(picks(new HaproxyRoundRobinPicker(next), 50));
  });

  it('ignores keys and connection events', () => {
    const a = new HaproxyRoundRobinPicker(targets([2, 1]));
    const b = new HaproxyRoundRobinPicker(targets([2, 1]));
    a.connectionOpened(0);
    a.connectionClosed(1);
    expect(['x', 'y', '1.2.3.4'].map((k) => a.pickKey(k))).toEqual(picks(b, 3));
  });

  it('rejects bad targets naming the module and the value', () => {
    expect(() => new HaproxyRoundRobinPicker(targets([101]))).toThrow(
      /haproxy-roundrobin: targets\[0\].*got 101/,
    );
    expect(
      () =>
        new HaproxyRoundRobinPicker([
          { id: 'a:1', weight: 1, serverId: 3 },
          { id: 'b:1', weight: 1, serverId: 3 },
        ]),
    ).toThrow(/haproxy-roundrobin: targets\[1\].*repeats serverId 3/);
  });
});
