/**
 * The algorithm table's facts are true of the pickers it builds: the simulation, validation and
 * `compare` act on them, so a wrong fact would silently skew a report.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALGORITHM_TABLE, ALGORITHMS, isAlgorithm } from '../../src/balancer/algorithms.js';
import { createPicker } from '../../src/balancer/create-picker.js';
import { hashKey } from '../../src/hash/hash-key.js';
import { mix32 } from '../../src/hash/mix32.js';
import { MAX_TARGETS_PER_RUN } from '../../src/limits.js';
import { createRng } from '../../src/random/rng.js';

const TARGETS = [
  { id: 'a', weight: 10 },
  { id: 'b', weight: 20 },
  { id: 'c', weight: 30 },
  { id: 'd', weight: 40 },
];

describe.each(ALGORITHMS)('algorithm table: %s', (name) => {
  const facts = ALGORITHM_TABLE[name];
  const build = (): ReturnType<typeof createPicker> =>
    createPicker(name, TARGETS, { rng: createRng('facts') });

  it('builds a picker that names itself', () => {
    expect(build().algorithm).toBe(name);
    expect(isAlgorithm(name)).toBe(true);
  });

  it(`${facts.hashesKey ? 'reads' : 'ignores'} the key`, () => {
    // Same generator, different keys: a picker that ignores keys repeats its sequence exactly.
    const a = build();
    const b = build();
    let differ = 0;
    for (let i = 0; i < 2000; i++) if (a.pick(mix32(i)) !== b.pick(mix32(i + 7777))) differ++;
    if (facts.hashesKey) expect(differ).toBeGreaterThan(0);
    else expect(differ).toBe(0);
  });

  it(`${facts.countsConnections ? 'counts' : 'ignores'} open connections`, () => {
    const quiet = build();
    const busy = build();
    // Load the target a fresh picker would choose first.
    const first = build().pick(mix32(0));
    for (let i = 0; i < 50; i++) busy.connectionOpened(first);
    let differ = 0;
    for (let i = 0; i < 200; i++) if (quiet.pick(mix32(i)) !== busy.pick(mix32(i))) differ++;
    if (facts.countsConnections) expect(differ).toBeGreaterThan(0);
    else expect(differ).toBe(0);
  });

  it(`${facts.sticky ? 'keeps' : 'does not promise to keep'} a key on one target`, () => {
    const p = build();
    // Connections stay open, as they would in a pool, so counting pickers see the load grow.
    const pick = (key: number): number => {
      const index = p.pick(key);
      if (index >= 0) p.connectionOpened(index);
      return index;
    };
    let moved = 0;
    for (let i = 0; i < 500; i++) {
      const first = pick(mix32(i));
      for (let k = 0; k < 3; k++) if (pick(mix32(i)) !== first) moved++;
    }
    if (facts.sticky) expect(moved).toBe(0);
    else expect(moved).toBeGreaterThan(0);
  });

  it(`reads a client address as the simulation passes it (${facts.key})`, () => {
    if (!facts.hashesKey) return;
    const p = build();
    if (facts.key === 'hash') {
      for (const key of ['198.51.100.7', '2001:db8::1', 'session-cookie-42', 'x']) {
        expect(p.pickKey(key)).toBe(p.pick(hashKey(key)));
      }
    } else {
      // A dialect's pick takes the IPv4 address itself and hashes it as the real balancer does.
      for (const address of [0xc6336407, 0x0a000001, 0x7f000001]) {
        const text = [24, 16, 8, 0].map((s) => (address >>> s) & 255).join('.');
        expect(p.pick(address)).toBe(p.pickKey(text));
      }
    }
  });
});

describe('isAlgorithm', () => {
  it('accepts table names only, not inherited properties', () => {
    expect(isAlgorithm('toString')).toBe(false);
    expect(isAlgorithm('nope')).toBe(false);
    expect(isAlgorithm(42)).toBe(false);
  });
});

describe('buildCost', () => {
  it.each(ALGORITHMS)(
    '%s: finite, non-negative, non-decreasing in the number of targets',
    (name) => {
      const { buildCost } = ALGORITHM_TABLE[name];
      // Every count from 1 to a pool's largest, and random pairs beyond it (far larger tables).
      let previous = buildCost(1);
      for (let n = 1; n <= MAX_TARGETS_PER_RUN; n++) {
        const cost = buildCost(n);
        for (const value of [cost.time, cost.bytes]) {
          expect(Number.isFinite(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(0);
        }
        expect(cost.time).toBeGreaterThanOrEqual(previous.time);
        expect(cost.bytes).toBeGreaterThanOrEqual(previous.bytes);
        previous = cost;
      }
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 1e6 }),
          fc.integer({ min: 0, max: 1e6 }),
          (n, more) => {
            const small = buildCost(n);
            const large = buildCost(n + more);
            expect(Number.isFinite(large.time) && Number.isFinite(large.bytes)).toBe(true);
            expect(large.time).toBeGreaterThanOrEqual(small.time);
            expect(large.bytes).toBeGreaterThanOrEqual(small.bytes);
          },
        ),
        { seed: 20261130, numRuns: 200 },
      );
    },
  );
});
