/**
 * The reference for the session tables: a Map with the same idle-timeout semantics, the operations
 * tests draw, and the comparison of a table against the Map.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { SessionStore } from '../../src/session/session-store.js';
import { SessionTable } from '../../src/session/session-table.js';

/** The reference: a Map with the same idle-timeout semantics, removing expired entries only when it meets them. */
class ReferenceTable {
  readonly #map = new Map<number, { target: number; last: number }>();
  expired = 0;
  readonly expiredBy = new Map<number, number>();

  constructor(readonly timeoutMs: number) {}

  #expire(target: number): void {
    this.expired++;
    this.expiredBy.set(target, (this.expiredBy.get(target) ?? 0) + 1);
  }

  #isExpired(e: { last: number }, now: number): boolean {
    return now - e.last >= this.timeoutMs;
  }

  touch(key: number, now: number, refresh = true): number {
    const e = this.#map.get(key);
    if (!e) return -1;
    if (this.#isExpired(e, now)) {
      this.#map.delete(key);
      this.#expire(e.target);
      return -1;
    }
    if (refresh) e.last = now;
    return e.target;
  }

  set(key: number, target: number, now: number): void {
    const e = this.#map.get(key);
    if (e && this.#isExpired(e, now)) this.#expire(e.target);
    this.#map.set(key, { target, last: now });
  }

  delete(key: number, now: number): boolean {
    const e = this.#map.get(key);
    if (!e) return false;
    this.#map.delete(key);
    if (this.#isExpired(e, now)) {
      this.#expire(e.target);
      return false;
    }
    return true;
  }

  dropTarget(target: number, now: number): number {
    let dropped = 0;
    for (const [key, e] of this.#map) {
      if (this.#isExpired(e, now)) {
        this.#map.delete(key);
        this.#expire(e.target);
      } else if (e.target === target) {
        this.#map.delete(key);
        dropped++;
      }
    }
    return dropped;
  }

  prune(now: number): number {
    let n = 0;
    for (const [key, e] of this.#map) {
      if (this.#isExpired(e, now)) {
        this.#map.delete(key);
        this.#expire(e.target);
        n++;
      }
    }
    return n;
  }

  live(now: number): [number, number][] {
    return [...this.#map]
      .filter(([, e]) => !this.#isExpired(e, now))
      .map(([key, e]): [number, number] => [key, e.target]);
  }
}

export const TARGETS = 5;

export type Op =
  | { op: 'touch' | 'peek' | 'delete'; key: number; dt: number }
  | { op: 'set'; key: number; target: number; dt: number }
  | { op: 'dropTarget'; target: number; dt: number }
  | { op: 'count'; dt: number };

export function opArb(keyArb: fc.Arbitrary<number>, maxDt: number): fc.Arbitrary<Op> {
  const dt = fc.integer({ min: 0, max: maxDt });
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant('touch' as const), key: keyArb, dt }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('peek' as const), key: keyArb, dt }) },
    {
      weight: 5,
      arbitrary: fc.record({
        op: fc.constant('set' as const),
        key: keyArb,
        target: fc.nat(TARGETS - 1),
        dt,
      }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), key: keyArb, dt }) },
    {
      weight: 1,
      arbitrary: fc.record({
        op: fc.constant('dropTarget' as const),
        target: fc.nat(TARGETS - 1),
        dt,
      }),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('count' as const), dt }) },
  );
}

function sortPairs(pairs: [number, number][]): [number, number][] {
  return pairs.sort((a, b) => a[0] - b[0]);
}

/** Runs `ops` on a fresh table from `create` and on the reference, comparing every answer. */
export function runAgainstReference(
  ops: Op[],
  timeoutMs: number,
  create: (timeoutMs: number) => SessionStore = (t) => new SessionTable({ timeoutMs: t }),
): void {
  const table = create(timeoutMs);
  const ref = new ReferenceTable(timeoutMs);
  let now = 0;
  for (const op of ops) {
    now += op.dt;
    switch (op.op) {
      case 'touch':
        expect(table.touch(op.key, now)).toBe(ref.touch(op.key, now));
        break;
      case 'peek':
        expect(table.peek(op.key, now)).toBe(ref.touch(op.key, now, false));
        break;
      case 'set':
        table.set(op.key, op.target, now);
        ref.set(op.key, op.target, now);
        break;
      case 'delete':
        expect(table.delete(op.key, now)).toBe(ref.delete(op.key, now));
        break;
      case 'dropTarget':
        expect(table.dropTarget(op.target, now)).toBe(ref.dropTarget(op.target, now));
        break;
      case 'count': {
        const counts = new Uint32Array(TARGETS);
        table.countByTarget(now, counts);
        const expected = new Uint32Array(TARGETS);
        for (const [, target] of ref.live(now)) expected[target]!++;
        expect([...counts]).toEqual([...expected]);
        const seen: [number, number][] = [];
        table.forEachLive(now, (key, target) => seen.push([key, target]));
        expect(sortPairs(seen)).toEqual(sortPairs(ref.live(now)));
        break;
      }
    }
    // Lingering expired entries may be counted, never missing live ones.
    expect(table.size).toBeGreaterThanOrEqual(ref.live(now).length);
    expect(table.expired).toBeGreaterThanOrEqual(ref.expired);
  }
  table.prune(now);
  ref.prune(now);
  expect(table.size).toBe(ref.live(now).length);
  expect(table.expired).toBe(ref.expired);
  for (let t = 0; t < TARGETS; t++) expect(table.expiredFor(t)).toBe(ref.expiredBy.get(t) ?? 0);
}
