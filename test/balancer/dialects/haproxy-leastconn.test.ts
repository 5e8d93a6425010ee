import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DialectTarget } from '../../../src/balancer/dialects/dialect-picker.js';
import {
  HaproxyLeastConnPicker,
  createHaproxyLeastConnPicker,
} from '../../../src/balancer/dialects/haproxy-leastconn.js';
import { NO_TARGET } from '../../../src/balancer/picker.js';

const targets = (weights: readonly number[]): DialectTarget[] =>
  weights.map((weight, i) => ({ id: `127.0.0.1:${8000 + i}`, weight }));

/**
 * Reference: fwlc by a linear scan. Key (n + 1) × 4096 / (16 × weight), 0 when idle; a server
 * takes a new insertion stamp whenever its key changes or its weight is set; the smallest
 * (key, stamp) among servers up wins.
 */
class ReferenceLeastConn {
  private readonly key: number[];
  private readonly stamp: number[];
  private clock = 0;
  constructor(
    private weights: number[],
    private readonly served: number[] = weights.map(() => 0),
  ) {
    this.key = weights.map(() => 0);
    this.stamp = weights.map(() => 0);
    weights.forEach((_, i) => {
      this.place(i);
    });
  }
  private keyOf(i: number): number {
    const n = this.served[i]!;
    return n === 0 ? 0 : Math.floor(((n + 1) * 4096) / (16 * this.weights[i]!));
  }
  private place(i: number): void {
    this.key[i] = this.keyOf(i);
    this.stamp[i] = this.clock++;
  }
  pick(): number {
    let best = -1;
    for (let i = 0; i < this.weights.length; i++) {
      if (this.weights[i] === 0) continue;
      if (
        best < 0 ||
        this.key[i]! < this.key[best]! ||
        (this.key[i] === this.key[best] && this.stamp[i]! < this.stamp[best]!)
      )
        best = i;
    }
    return best;
  }
  change(i: number, delta: number): void {
    this.served[i] = this.served[i]! + delta;
    if (this.weights[i]! > 0 && this.keyOf(i) !== this.key[i]) this.place(i);
  }
  setWeight(i: number, w: number): void {
    if (w === this.weights[i]) return;
    this.weights[i] = w;
    if (w > 0) this.place(i);
  }
}

type Op =
  | { kind: 'open' }
  | { kind: 'close'; pick: number }
  | { kind: 'weight'; server: number; weight: number };

describe('haproxy-leastconn', () => {
  it('agrees with a linear-scan reference over random opens, closes and weight changes', () => {
    const ops = fc.array(
      fc.oneof(
        { weight: 5, arbitrary: fc.constant<Op>({ kind: 'open' }) },
        { weight: 4, arbitrary: fc.nat().map((pick): Op => ({ kind: 'close', pick })) },
        {
          weight: 1,
          arbitrary: fc
            .record({ server: fc.nat(), weight: fc.integer({ min: 0, max: 100 }) })
            .map((r): Op => ({ kind: 'weight', ...r })),
        },
      ),
      { maxLength: 300 },
    );
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 8 }),
        ops,
        (weights, list) => {
          const p = new HaproxyLeastConnPicker(targets(weights));
          const ref = new ReferenceLeastConn([...weights]);
          const current = [...weights];
          const open: number[] = [];
          for (const op of list) {
            if (op.kind === 'open') {
              const s = p.pick(0);
              expect(s).toBe(ref.pick());
              if (s === NO_TARGET) continue;
              p.connectionOpened(s);
              ref.change(s, 1);
              open.push(s);
            } else if (op.kind === 'close') {
              if (open.length === 0) continue;
              const [s] = open.splice(op.pick % open.length, 1);
              p.connectionClosed(s!);
              ref.change(s!, -1);
            } else {
              const i = op.server % current.length;
              current[i] = op.weight;
              p.update(targets(current));
              ref.setWeight(i, op.weight);
            }
          }
        },
      ),
      { seed: 0x6c63, numRuns: 300 },
    );
  });

  it('breaks ties by insertion order: idle servers in configuration order, then idle longest', () => {
    const p = createHaproxyLeastConnPicker(targets([1, 1, 1]));
    expect(p.pick(0)).toBe(0);
    p.connectionOpened(0);
    expect(p.pick(0)).toBe(1);
    p.connectionOpened(1);
    p.connectionClosed(0); // 0 is idle again, queued behind 2
    expect(p.pick(0)).toBe(2);
    p.connectionOpened(2);
    p.connectionClosed(1);
    expect(p.pick(0)).toBe(0);
  });

  it('weighs in-flight requests: (n + 1) × 4096 / (16 × weight)', () => {
    const p = new HaproxyLeastConnPicker(targets([3, 1]));
    for (let i = 0; i < 3; i++) p.connectionOpened(0); // key 4 × 4096 / 48 = 341
    p.connectionOpened(1); // key 2 × 4096 / 16 = 512
    expect(p.pick(0)).toBe(0);
    p.connectionOpened(0); // key 5 × 4096 / 48 = 426
    expect(p.pick(0)).toBe(0);
    p.connectionOpened(0); // key 512, inserted after server 1
    expect(p.pick(0)).toBe(1);
    expect(p.inflight(0)).toBe(5);
  });

  it('never picks a server of weight 0, and counts follow ids across a reload', () => {
    const p = new HaproxyLeastConnPicker(targets([1, 1, 1]));
    p.connectionOpened(0);
    p.connectionOpened(0);
    p.update(targets([1, 0, 1]));
    expect(p.pick(0)).toBe(2);
    p.connectionOpened(2);
    p.connectionOpened(2);
    p.connectionOpened(2);
    expect(p.pick(0)).toBe(0);
    const reloaded = targets([1, 0, 1]).filter((_, i) => i !== 1);
    p.update(reloaded);
    expect(p.size).toBe(2);
    expect([p.inflight(0), p.inflight(1)]).toEqual([2, 3]);
    p.update(reloaded.map((t) => ({ ...t, weight: 0 })));
    expect(p.pick(0)).toBe(NO_TARGET);
  });
});
