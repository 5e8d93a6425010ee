/**
 * The algorithm table's facts are true of the pickers it builds: the simulation, validation and
 * `compare` act on them, so a wrong fact would silently skew a report.
 */
import { describe, expect, it } from 'vitest';
import { ALGORITHM_TABLE, ALGORITHMS, isAlgorithm } from '../../src/balancer/algorithms.js';
import { createPicker } from '../../src/balancer/create-picker.js';
import { hashKey } from '../../src/hash/hash-key.js';
import { mix32 } from '../../src/hash/mix32.js';
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
    for (let i = 0; i < 50; i++) busy.connectionOpened(3);
    let differ = 0;
    for (let i = 0; i < 200; i++) if (quiet.pick(mix32(i)) !== busy.pick(mix32(i))) differ++;
    if (facts.countsConnections) expect(differ).toBeGreaterThan(0);
    else expect(differ).toBe(0);
  });

  it(`${facts.sticky ? 'keeps' : 'does not promise to keep'} a key on one target`, () => {
    const p = build();
    let moved = 0;
    for (let i = 0; i < 500; i++) {
      const first = p.pick(mix32(i));
      for (let k = 0; k < 3; k++) if (p.pick(mix32(i)) !== first) moved++;
    }
    if (facts.sticky) expect(moved).toBe(0);
    else expect(moved).toBeGreaterThan(0);
  });

  it('picks a raw key as pick(hashKey(key)) when it hashes keys', () => {
    if (!facts.hashesKey) return;
    const p = build();
    for (const key of ['198.51.100.7', '2001:db8::1', 'session-cookie-42', 'x']) {
      expect(p.pickKey(key)).toBe(p.pick(hashKey(key)));
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
