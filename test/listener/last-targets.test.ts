import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LastTargets } from '../../src/listener/last-targets.js';
import { DenseSessionTable } from '../../src/session/dense-session-table.js';

const BASE = 0x64000000;

describe('LastTargets', () => {
  it('beside a dense session table, counts the same remaps as a plain array', () => {
    // For all request sequences (client, target) and session churn: where the value is kept
    // must not change what is counted.
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            client: fc.nat({ max: 49 }),
            target: fc.nat({ max: 7 }),
            drop: fc.boolean(),
          }),
          { maxLength: 300 },
        ),
        (requests) => {
          const sessions = new DenseSessionTable({ timeoutMs: 5, keyBase: BASE, keys: 50 });
          const dense = new LastTargets(50, sessions);
          const plain = new LastTargets(50, null);
          const reference = new Map<number, number>();
          requests.forEach(({ client, target, drop }, t) => {
            const key = BASE + client;
            sessions.set(key, target, t);
            if (drop) sessions.delete(key, t);
            const previous = reference.get(client);
            reference.set(client, target);
            const remapped = previous !== undefined && previous !== target;
            expect(dense.note(client, key, target)).toBe(remapped);
            expect(plain.note(client, key, target)).toBe(remapped);
          });
          sessions.prune(requests.length + 10);
          sessions.clear();
          // The kept values outlive sessions: expiry, deletion and clear() leave them.
          for (const [client, target] of reference) {
            expect(dense.note(client, BASE + client, target)).toBe(false);
          }
        },
      ),
    );
  });

  it('reads records ahead only beside a dense table larger than the cache', () => {
    const dense = (keys: number) =>
      new LastTargets(keys, new DenseSessionTable({ timeoutMs: 5, keyBase: BASE, keys }));
    expect(dense(10_000).readsAhead).toBe(false);
    expect(dense(65_535).readsAhead).toBe(false);
    expect(dense(65_536).readsAhead).toBe(true);
    expect(dense(1_000_000).readsAhead).toBe(true);
    expect(new LastTargets(1_000_000, null).readsAhead).toBe(false);
  });

  it('does not track clients beyond the population', () => {
    const last = new LastTargets(2, null);
    expect(last.note(5, BASE + 5, 1)).toBe(false);
    expect(last.note(5, BASE + 5, 2)).toBe(false);
  });
});
