import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ServerQueue } from '../../../src/balancer/dialects/haproxy-server-queue.js';

/** The reference: an array kept sorted by (key, insertion order), as eb32 walks duplicates. */
class SortedReference {
  private entries: { server: number; key: number; seq: number }[] = [];
  private seq = 0;
  insert(server: number, key: number): void {
    this.remove(server);
    this.entries.push({ server, key: key >>> 0, seq: this.seq++ });
    this.entries.sort((a, b) => a.key - b.key || a.seq - b.seq);
  }
  remove(server: number): void {
    this.entries = this.entries.filter((e) => e.server !== server);
  }
  first(): number {
    return this.entries[0]?.server ?? -1;
  }
  get size(): number {
    return this.entries.length;
  }
}

type Op = { op: 'insert'; server: number; key: number } | { op: 'remove'; server: number };

describe('haproxy-server-queue', () => {
  it('agrees with a sorted array after any sequence of inserts and removals', () => {
    const capacity = 12;
    const ops = fc.array(
      fc.oneof(
        fc.record({
          op: fc.constant('insert' as const),
          server: fc.nat({ max: capacity - 1 }),
          // Few distinct keys, so that ties (insertion order) are common.
          key: fc.oneof(fc.nat({ max: 4 }), fc.nat({ max: 0xffffffff })),
        }),
        fc.record({ op: fc.constant('remove' as const), server: fc.nat({ max: capacity - 1 }) }),
      ),
      { maxLength: 200 },
    );
    fc.assert(
      fc.property(ops, (list: Op[]) => {
        const q = new ServerQueue(capacity);
        const ref = new SortedReference();
        for (const o of list) {
          if (o.op === 'insert') {
            q.insert(o.server, o.key);
            ref.insert(o.server, o.key);
          } else {
            q.remove(o.server);
            ref.remove(o.server);
          }
          expect(q.first()).toBe(ref.first());
          expect(q.size).toBe(ref.size);
        }
      }),
      { seed: 0x5351, numRuns: 400 },
    );
  });

  it('walks equal keys in insertion order, re-insertion going last', () => {
    const q = new ServerQueue(3);
    q.insert(2, 0);
    q.insert(0, 0);
    q.insert(1, 0);
    expect(q.first()).toBe(2);
    q.insert(2, 0);
    expect(q.first()).toBe(0);
    q.remove(0);
    expect(q.first()).toBe(1);
    q.clear();
    expect(q.first()).toBe(-1);
    expect(q.has(1)).toBe(false);
  });

  it('rejects a bad capacity or server with the module name and the value', () => {
    expect(() => new ServerQueue(-1)).toThrow(/haproxy-server-queue: capacity .* got -1/);
    expect(() => {
      new ServerQueue(2).insert(5, 0);
    }).toThrow(/haproxy-server-queue: server .* got 5/);
  });
});
