import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DialectTarget } from '../../../src/balancer/dialects/dialect-picker.js';
import {
  HaproxyHashConsistentPicker,
  createHaproxyHashConsistentPicker,
} from '../../../src/balancer/dialects/haproxy-hash-consistent.js';
import { fullHash } from '../../../src/balancer/dialects/haproxy-hash-functions.js';
import { NO_TARGET } from '../../../src/balancer/picker.js';

const targets = (weights: readonly number[]): DialectTarget[] =>
  weights.map((weight, i) => ({ id: `127.0.0.1:${8000 + i}`, weight }));

/** Reference: every point listed, the nearest by a linear scan (ties to the point before). */
function referencePick(weights: readonly number[], puids: readonly number[], hash: number): number {
  const points: { key: number; owner: number }[] = [];
  weights.forEach((w, i) => {
    for (let j = 0; j < 16 * w; j++) points.push({ key: fullHash(puids[i]! * 4096 + j), owner: i });
  });
  if (points.length === 0) return NO_TARGET;
  points.sort((a, b) => a.key - b.key);
  let next = points.findIndex((p) => p.key >= hash);
  if (next < 0) next = 0;
  const prev = (next + points.length - 1) % points.length;
  const dp = (hash - points[prev]!.key) >>> 0;
  const dn = (points[next]!.key - hash) >>> 0;
  return points[dp <= dn ? prev : next]!.owner;
}

const weightLists = fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 6 });

describe('haproxy-hash-consistent', () => {
  it('places 16 × weight points a server and picks the nearest, as a linear scan does', () => {
    fc.assert(
      fc.property(
        weightLists,
        fc.array(fc.nat({ max: 0xffffffff }), { minLength: 20, maxLength: 20 }),
        (weights, hashes) => {
          const p = new HaproxyHashConsistentPicker(targets(weights));
          expect(p.points).toBe(16 * weights.reduce((a, b) => a + b, 0));
          const puids = weights.map((_, i) => i + 1);
          for (const h of hashes) expect(p.pickHash(h)).toBe(referencePick(weights, puids, h));
        },
      ),
      { seed: 0x6368, numRuns: 100 },
    );
  });

  it('numbers servers by serverId when given, else as HAProxy assigns automatic ids', () => {
    const list: DialectTarget[] = [
      { id: 'a:1', weight: 2 },
      { id: 'b:1', weight: 3, serverId: 1 },
      { id: 'c:1', weight: 1 },
    ];
    const p = new HaproxyHashConsistentPicker(list);
    for (let h = 0; h < 2 ** 32; h += 0x01234567) {
      // a: first free id from 1 is 2; the counter moves on with b, so c gets 4, not 3.
      expect(p.pickHash(h)).toBe(referencePick([2, 3, 1], [2, 1, 4], h));
    }
  });

  it('moves only keys to or from the server whose weight changed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 2, maxLength: 6 }),
        fc.nat(),
        fc.integer({ min: 0, max: 40 }),
        (weights, which, newWeight) => {
          const s = which % weights.length;
          const p = new HaproxyHashConsistentPicker(targets(weights));
          const before = Array.from({ length: 400 }, (_, k) => p.pickHash(fullHash(k)));
          p.update(targets(weights.map((w, i) => (i === s ? newWeight : w))));
          before.forEach((b, k) => {
            const a = p.pickHash(fullHash(k));
            if (a !== b) expect(a === s || b === s).toBe(true);
          });
        },
      ),
      { seed: 0x6369, numRuns: 60 },
    );
  });

  it('moves about the removed share when one of ten equal servers goes to weight 0', () => {
    const weights = new Array<number>(10).fill(10);
    const p = createHaproxyHashConsistentPicker(targets(weights));
    const keys = Array.from({ length: 20_000 }, (_, k) => `key-${k}`);
    const before = keys.map((k) => p.pickKey(k));
    p.update(targets(weights.map((w, i) => (i === 3 ? 0 : w))));
    const moved = keys.filter((k, i) => p.pickKey(k) !== before[i]).length / keys.length;
    expect(moved).toBeGreaterThan(0.07);
    expect(moved).toBeLessThan(0.13);
  });

  it('never picks a server of weight 0 and is sticky while targets are unchanged', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 2, maxLength: 6 }),
        fc.array(fc.string({ minLength: 1 }), { minLength: 10, maxLength: 10 }),
        (weights, keys) => {
          const p = new HaproxyHashConsistentPicker(targets(weights));
          for (const k of keys) {
            const s = p.pickKey(k);
            if (weights.every((w) => w === 0)) expect(s).toBe(NO_TARGET);
            else expect(weights[s]).toBeGreaterThan(0);
            expect(p.pickKey(k)).toBe(s);
          }
        },
      ),
      { seed: 0x636a, numRuns: 100 },
    );
  });

  it('walks the ring point by point for empty keys (a missing header)', () => {
    const p = new HaproxyHashConsistentPicker(targets([1, 1]));
    const walk = Array.from({ length: 64 }, () => p.pickKey(''));
    expect(walk.filter((s) => s === 0).length).toBe(32); // two laps of 16 + 16 points
    expect(walk.slice(0, 32)).toEqual(walk.slice(32));
  });
});
