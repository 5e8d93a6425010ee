import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DenseSessionTable } from '../../src/session/dense-session-table.js';
import { createSessionStore, sessionStoreBytes } from '../../src/session/session-store.js';
import { SessionTable } from '../../src/session/session-table.js';
import { opArb, runAgainstReference } from './reference-table.js';

const BASE = 0xfffffff0; // keys wrap around 2^32
const KEYS = 41;
const keyArb = fc.nat(KEYS - 1).map((i) => (BASE + i) >>> 0);

describe('DenseSessionTable', () => {
  it('answers like a Map with the same idle-timeout semantics', () => {
    fc.assert(
      fc.property(fc.array(opArb(keyArb, 60), { maxLength: 400 }), (ops) => {
        runAgainstReference(
          ops,
          100,
          (timeoutMs) => new DenseSessionTable({ timeoutMs, keyBase: BASE, keys: KEYS }),
        );
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('gives the same answers as the hash table, operation by operation', () => {
    fc.assert(
      fc.property(fc.array(opArb(keyArb, 30), { maxLength: 600 }), (ops) => {
        const dense = new DenseSessionTable({ timeoutMs: 100, keyBase: BASE, keys: KEYS });
        const hash = new SessionTable({ timeoutMs: 100 });
        let now = 0;
        for (const op of ops) {
          now += op.dt;
          if (op.op === 'set') {
            dense.set(op.key, op.target, now);
            hash.set(op.key, op.target, now);
          } else if (op.op === 'dropTarget') {
            expect(dense.dropTarget(op.target, now)).toBe(hash.dropTarget(op.target, now));
          } else if (op.op !== 'count') {
            expect(dense[op.op](op.key, now)).toBe(hash[op.op](op.key, now));
          }
        }
        dense.prune(now);
        hash.prune(now);
        expect(dense.expired).toBe(hash.expired);
        for (let t = 0; t < 5; t++) expect(dense.expiredFor(t)).toBe(hash.expiredFor(t));
        expect(dense.size).toBe(hash.size);
      }),
      { seed: 3, numRuns: 200 },
    );
  });

  it('answers -1 and false for keys outside its range, and refuses to store them', () => {
    const table = new DenseSessionTable({ timeoutMs: 10, keyBase: 100, keys: 10 });
    expect(table.touch(99, 0)).toBe(-1);
    expect(table.peek(110, 0)).toBe(-1);
    expect(table.delete(110, 0)).toBe(false);
    expect(() => {
      table.set(110, 0, 0);
    }).toThrow(/in the table's range, got 110/);
    expect(() => {
      table.set(105, -1, 0);
    }).toThrow(RangeError);
    expect(() => {
      table.set(105, 0, NaN);
    }).toThrow(RangeError);
    expect(() => new DenseSessionTable({ timeoutMs: 0, keyBase: 0, keys: 1 })).toThrow(/timeoutMs/);
    expect(() => new DenseSessionTable({ timeoutMs: 1, keyBase: -1, keys: 1 })).toThrow(/keyBase/);
    expect(() => new DenseSessionTable({ timeoutMs: 1, keyBase: 0, keys: 0 })).toThrow(/keys/);
  });

  it('lets forEachLive callbacks modify the table, reporting the targets as they were', () => {
    const table = new DenseSessionTable({ timeoutMs: 1000, keyBase: 0, keys: 8 });
    for (let k = 0; k < 8; k++) table.set(k, k % 2, 0);
    const seen: [number, number][] = [];
    table.forEachLive(1, (key, target) => {
      seen.push([key, target]);
      table.set((key + 1) % 8, 7, 1);
    });
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((k) => [k, k % 2]));
  });
});

describe('createSessionStore', () => {
  it('takes the dense table when it is no larger, the pre-sized hash table otherwise', () => {
    const many = { base: 0, count: 1_000_000, maxSessions: 1_000_000 };
    const few = { base: 0, count: 10_000_000, maxSessions: 100_000 };
    expect(createSessionStore(1000, many)).toBeInstanceOf(DenseSessionTable);
    expect(createSessionStore(1000, few)).toBeInstanceOf(SessionTable);
    expect(createSessionStore(1000)).toBeInstanceOf(SessionTable);
    for (const keys of [many, few]) {
      expect(createSessionStore(1000, keys).byteSize()).toBe(sessionStoreBytes(keys));
    }
  });

  it('never grows the hash table while the live sessions stay within maxSessions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 5 }),
        (max, seed) => {
          const keys = { base: 0, count: 1 << 30, maxSessions: max };
          const store = createSessionStore(1000, keys);
          const bytes = store.byteSize();
          // Churn: `max` sessions live at any time (each lasts 1000 ms, one starts per 1000/max ms).
          for (let i = 0; i < 4 * max; i++)
            store.set((i * 2654435761 + seed) >>> 0, 0, (i * 1000) / max);
          expect(store.byteSize()).toBe(bytes);
        },
      ),
      { seed: 5, numRuns: 40 },
    );
  });
});
