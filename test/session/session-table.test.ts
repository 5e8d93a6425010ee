import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SessionTable } from '../../src/session/session-table.js';
import { opArb, runAgainstReference } from './reference-table.js';

describe('SessionTable', () => {
  it('answers like a Map with the same idle-timeout semantics (few keys: overwrites, long probe runs)', () => {
    fc.assert(
      fc.property(fc.array(opArb(fc.nat(40), 60), { maxLength: 400 }), (ops) => {
        runAgainstReference(ops, 100);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('answers like a Map with the same idle-timeout semantics (any uint32 key, growth and rebuilds)', () => {
    const keyArb = fc.oneof(
      fc.nat(300),
      fc.constantFrom(0, 0xffffffff),
      fc.integer({ min: 0, max: 0xffffffff }),
    );
    fc.assert(
      fc.property(fc.array(opArb(keyArb, 15), { maxLength: 1500 }), (ops) => {
        runAgainstReference(ops, 100);
      }),
      { seed: 7, numRuns: 60 },
    );
  });

  it('keeps a session used every timeout − 1 ms for as long as it is used', () => {
    const table = new SessionTable({ timeoutMs: 30_000 });
    table.set(0x0a000001, 3, 0);
    let now = 0;
    for (let i = 0; i < 1000; i++) {
      now += 29_999;
      expect(table.touch(0x0a000001, now)).toBe(3);
    }
    expect(table.expired).toBe(0);
  });

  it('ends a session idle for exactly the timeout, and counts it as expired', () => {
    const table = new SessionTable({ timeoutMs: 30_000 });
    table.set(7, 1, 1000);
    expect(table.peek(7, 30_999)).toBe(1);
    expect(table.touch(7, 31_000)).toBe(-1);
    expect(table.expired).toBe(1);
    expect(table.size).toBe(0);
  });

  it('does not refresh the timer on peek', () => {
    const table = new SessionTable({ timeoutMs: 100 });
    table.set(1, 0, 0);
    expect(table.peek(1, 99)).toBe(0);
    expect(table.peek(1, 100)).toBe(-1);
  });

  it('drops only the unbound target’s sessions', () => {
    const table = new SessionTable({ timeoutMs: 1000 });
    for (let key = 0; key < 300; key++) table.set(key, key % 3, 0);
    expect(table.dropTarget(1, 10)).toBe(100);
    const counts = new Uint32Array(3);
    table.countByTarget(10, counts);
    expect([...counts]).toEqual([100, 0, 100]);
    for (let key = 0; key < 300; key++)
      expect(table.peek(key, 10)).toBe(key % 3 === 1 ? -1 : key % 3);
  });

  it('lets forEachLive callbacks modify the table (rescheduling sessions)', () => {
    const table = new SessionTable({ timeoutMs: 1000 });
    for (let key = 0; key < 100; key++) table.set(key, 0, 0);
    table.forEachLive(5, (key) => {
      table.set(key, 1, 5);
      table.set(key + 1000, 2, 5);
    });
    const counts = new Uint32Array(3);
    table.countByTarget(5, counts);
    expect([...counts]).toEqual([0, 100, 100]);
  });

  it('keeps memory bounded by the live sessions under churn', () => {
    // 200 000 distinct clients, each seen once, about 1000 live at any time.
    const table = new SessionTable({ timeoutMs: 1000 });
    let maxSize = 0;
    for (let i = 0; i < 200_000; i++) {
      table.set(Math.imul(i, 0x9e3779b1) >>> 0, i & 7, i);
      if (i >= 100_000) maxSize = Math.max(maxSize, table.size);
    }
    expect(table.capacity).toBeLessThanOrEqual(4096);
    // The incremental sweep keeps up: expired entries never fill the table to its load limit.
    expect(maxSize).toBeLessThan(table.capacity * 0.75);
    expect(table.prune(200_000)).toBeGreaterThanOrEqual(0);
    // Live at 200 000: last used after 199 000.
    expect(table.size).toBe(999);
    expect(table.expired).toBe(199_001);
  });

  it('holds 10^5 live sessions in at most 64 bytes each (16 per slot, load at least 0.25)', () => {
    const table = new SessionTable({ timeoutMs: 1e9 });
    for (let i = 0; i < 100_000; i++) table.set(i * 7919, i & 1023, i);
    expect(table.size).toBe(100_000);
    expect(table.byteSize() / table.size).toBeLessThanOrEqual(64);
  });

  it('rejects bad options and arguments, naming the module and the value', () => {
    expect(() => new SessionTable({ timeoutMs: 0 })).toThrow(/session-table: timeoutMs .* got 0/);
    expect(() => new SessionTable({ timeoutMs: NaN })).toThrow(RangeError);
    expect(() => new SessionTable({ timeoutMs: 1, initialCapacity: -1 })).toThrow(
      /initialCapacity/,
    );
    const table = new SessionTable({ timeoutMs: 1 });
    expect(() => {
      table.set(-1, 0, 0);
    }).toThrow(/session-table: key .* got -1/);
    expect(() => {
      table.set(1, 1.5, 0);
    }).toThrow(/target .* got 1.5/);
    expect(() => {
      table.set(1, 0, NaN);
    }).toThrow(/nowMs/);
  });

  it('pre-sizes from initialCapacity and never shrinks below it', () => {
    const table = new SessionTable({ timeoutMs: 10, initialCapacity: 1000 });
    expect(table.capacity).toBe(2048);
    for (let i = 0; i < 10_000; i++) table.set(i, 0, i * 100);
    expect(table.capacity).toBe(2048);
  });
});
