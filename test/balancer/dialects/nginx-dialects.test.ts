import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../src/hash/crc32.js';
import { NO_TARGET } from '../../../src/balancer/picker.js';
import { parseClientAddress } from '../../../src/balancer/dialects/nginx-key.js';
import type { NginxTarget } from '../../../src/balancer/dialects/nginx-upstream.js';
import {
  buildNginxRing,
  NginxHashConsistentPicker,
} from '../../../src/balancer/dialects/nginx-hash-consistent.js';
import { NginxHashPicker } from '../../../src/balancer/dialects/nginx-hash.js';
import { NginxIpHashPicker } from '../../../src/balancer/dialects/nginx-ip-hash.js';
import { NginxLeastConnPicker } from '../../../src/balancer/dialects/nginx-least-conn.js';
import { NginxRoundRobinPicker } from '../../../src/balancer/dialects/nginx-round-robin.js';
import { createDialect, type NginxDialect } from '../../fidelity/nginx/replay.js';

const targetsOf = (weights: readonly number[], down: readonly boolean[] = []): NginxTarget[] =>
  weights.map((weight, i) => ({
    id: `10.0.0.${i + 1}:80`,
    weight,
    ...(down[i] === true ? { down: true } : {}),
  }));

const weightsArb = fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 2, maxLength: 8 });
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
const keyArb = fc.string({ minLength: 1, maxLength: 24 });
const hashDialects: NginxDialect[] = ['nginx-ip-hash', 'nginx-hash', 'nginx-hash-consistent'];
const allDialects: NginxDialect[] = ['nginx-round-robin', 'nginx-least-conn', ...hashDialects];

// --- Simple references: nginx's loops written plainly (no typed arrays, no prefix sums). ---

function refWalk(weights: readonly number[], hash: number): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let w = hash % total;
  let p = 0;
  while (w >= weights[p]!) w -= weights[p++]!;
  return p;
}

function refIpHash(weights: readonly number[], down: readonly boolean[], addr: string): number {
  const bytes = addr.split('.').slice(0, 3).map(Number);
  let hash = 89;
  for (let tries = 0; tries <= 20; tries++) {
    for (const b of bytes) hash = (hash * 113 + b) % 6271;
    const p = refWalk(weights, hash);
    if (down[p] !== true) return p;
  }
  return -2; // round-robin fallback: not compared
}

function refHash(weights: readonly number[], down: readonly boolean[], key: string): number {
  let sum = 0;
  for (let t = 0; t <= 20; t++) {
    sum += (crc32(t === 0 ? key : `${t}${key}`) >>> 16) & 0x7fff;
    const p = refWalk(weights, sum);
    if (down[p] !== true) return p;
  }
  return -2;
}

function refRing(ids: readonly string[], weights: readonly number[]): [number, number][] {
  const points: [number, number][] = [];
  ids.forEach((id, i) => {
    const colon = id.lastIndexOf(':');
    const base = [
      ...new TextEncoder().encode(id.slice(0, colon)),
      0,
      ...new TextEncoder().encode(id.slice(colon + 1)),
    ];
    let prev = [0, 0, 0, 0];
    for (let j = 0; j < weights[i]! * 160; j++) {
      const h = crc32(Uint8Array.from([...base, ...prev]));
      points.push([h, i]);
      prev = [h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff, h >>> 24];
    }
  });
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return points.filter((p, k) => k === 0 || points[k - 1]![0] !== p[0]);
}

function refConsistent(
  ring: readonly [number, number][],
  down: readonly boolean[],
  key: string,
): number {
  const h = crc32(key);
  let at = ring.findIndex((p) => p[0] >= h);
  if (at === -1) at = ring.length;
  for (let tries = 0; tries <= 20; tries++) {
    const p = ring[(at + tries) % ring.length]![1];
    if (down[p] !== true) return p;
  }
  return -2;
}

function refRoundRobin(weights: readonly number[], down: readonly boolean[], n: number): number[] {
  const current = weights.map(() => 0);
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    let best = -1;
    let total = 0;
    weights.forEach((w, i) => {
      if (down[i] === true) return;
      current[i]! += w;
      total += w;
      if (best === -1 || current[i]! > current[best]!) best = i;
    });
    if (best === -1) {
      out.push(NO_TARGET);
      continue;
    }
    current[best]! -= total;
    out.push(best);
  }
  return out;
}

describe('nginx dialects against plain references', () => {
  it('nginx-ip-hash folds the first three octets and walks the weights', () => {
    fc.assert(
      fc.property(
        weightsArb,
        fc.array(fc.boolean()),
        fc.array(ipv4, { maxLength: 40 }),
        (w, d, keys) => {
          const picker = new NginxIpHashPicker(targetsOf(w, d));
          for (const k of keys) {
            const expected = refIpHash(w, d, k);
            if (expected !== -2) expect(picker.pickKey(k)).toBe(expected);
          }
        },
      ),
      { seed: 1, numRuns: 200 },
    );
  });

  it('nginx-hash sums crc32 of "<try>key" and walks the weights', () => {
    fc.assert(
      fc.property(
        weightsArb,
        fc.array(fc.boolean()),
        fc.array(keyArb, { maxLength: 40 }),
        (w, d, keys) => {
          const picker = new NginxHashPicker(targetsOf(w, d));
          for (const k of keys) {
            const expected = refHash(w, d, k);
            if (expected !== -2) expect(picker.pickKey(k)).toBe(expected);
          }
        },
      ),
      { seed: 2, numRuns: 200 },
    );
  });

  it('nginx-hash-consistent builds the ketama ring and takes the first point at or after', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 4 }),
        fc.array(fc.boolean()),
        fc.array(keyArb, { maxLength: 30 }),
        (w, d, keys) => {
          const targets = targetsOf(w, d);
          const ring = refRing(
            targets.map((t) => t.id),
            w,
          );
          const built = buildNginxRing(targets);
          expect(Array.from(built.points)).toEqual(ring.map((p) => p[0]));
          const picker = new NginxHashConsistentPicker(targets);
          for (const k of keys) {
            const expected = refConsistent(ring, d, k);
            if (expected !== -2) expect(picker.pickKey(k)).toBe(expected);
          }
        },
      ),
      { seed: 3, numRuns: 60 },
    );
  });

  it('nginx-round-robin is the smooth weighted round robin loop, down peers skipped', () => {
    fc.assert(
      fc.property(weightsArb, fc.array(fc.boolean()), (w, d) => {
        const picker = new NginxRoundRobinPicker(targetsOf(w, d));
        const n = 2 * w.reduce((a, b) => a + b, 0);
        expect(Array.from({ length: n }, () => picker.pick(0))).toEqual(refRoundRobin(w, d, n));
      }),
      { seed: 4, numRuns: 200 },
    );
  });

  it('nginx-least-conn takes the fewest connections per weight, smooth WRR among ties', () => {
    fc.assert(
      fc.property(weightsArb, fc.array(fc.nat(5), { maxLength: 80 }), (w, script) => {
        const picker = new NginxLeastConnPicker(targetsOf(w));
        const conns = w.map(() => 0);
        const current = w.map(() => 0);
        const open: number[] = [];
        for (const op of script) {
          if (op < 3 || open.length === 0) {
            // Reference: the minimum ratio, then smooth WRR among the peers at that ratio.
            let best = 0;
            for (let i = 1; i < w.length; i++) {
              if (conns[i]! * w[best]! < conns[best]! * w[i]!) best = i;
            }
            const tied = w
              .map((_, i) => i)
              .filter((i) => conns[i]! * w[best]! === conns[best]! * w[i]!);
            let total = 0;
            let winner = tied[0]!;
            if (tied.length > 1) {
              for (const i of tied) {
                current[i]! += w[i]!;
                total += w[i]!;
                if (current[i]! > current[winner]!) winner = i;
              }
              current[winner]! -= total;
            }
            const p = picker.pick(0);
            expect(p).toBe(winner);
            picker.connectionOpened(p);
            conns[p]!++;
            open.push(p);
          } else {
            const [p] = open.splice(op % open.length, 1);
            picker.connectionClosed(p!);
            conns[p!]!--;
          }
        }
      }),
      { seed: 5, numRuns: 200 },
    );
  });
});

describe('nginx dialect properties', () => {
  it('never picks a down peer while another is up', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...allDialects),
        weightsArb,
        fc.nat(7),
        fc.array(keyArb, { maxLength: 20 }),
        (dialect, w, downAt, keys) => {
          const d = w.map((_, i) => i === downAt % w.length);
          const picker = createDialect(dialect, targetsOf(w));
          picker.update(targetsOf(w).map((t, i) => (d[i] ? { ...t, weight: 0 } : t)));
          for (const k of keys) {
            const p = picker.pickKey(k);
            expect(p).not.toBe(downAt % w.length);
            expect(p).toBeGreaterThanOrEqual(0);
          }
        },
      ),
      { seed: 6, numRuns: 200 },
    );
  });

  it('gives the same choices for the same inputs', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...allDialects),
        weightsArb,
        fc.array(keyArb, { maxLength: 30 }),
        (dialect, w, keys) => {
          const a = createDialect(dialect, targetsOf(w));
          const b = createDialect(dialect, targetsOf(w));
          expect(keys.map((k) => a.pickKey(k))).toEqual(keys.map((k) => b.pickKey(k)));
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });

  it('hash dialects: marking a peer down moves only its keys, and bringing it back restores all', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...hashDialects),
        weightsArb,
        fc.nat(7),
        fc.array(ipv4, { minLength: 50, maxLength: 50 }),
        (dialect, w, at, keys) => {
          const down = at % w.length;
          const picker = createDialect(dialect, targetsOf(w));
          const before = keys.map((k) => picker.pickKey(k));
          picker.update(targetsOf(w).map((t, i) => (i === down ? { ...t, weight: 0 } : t)));
          const during = keys.map((k) => picker.pickKey(k));
          picker.update(targetsOf(w));
          const after = keys.map((k) => picker.pickKey(k));
          before.forEach((p, i) => {
            if (p !== down) expect(during[i]).toBe(p);
            else expect(during[i]).not.toBe(down);
          });
          expect(after).toEqual(before);
        },
      ),
      { seed: 8, numRuns: 150 },
    );
  });

  it('nginx-hash-consistent: adding a peer moves about its share of keys, all to it', () => {
    const keys = Array.from({ length: 4000 }, (_, i) => `key-${i}`);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 6 }),
        fc.integer({ min: 1, max: 5 }),
        (w, added) => {
          const picker = new NginxHashConsistentPicker(targetsOf(w));
          const before = keys.map((k) => picker.pickKey(k));
          picker.update(targetsOf([...w, added]));
          const after = keys.map((k) => picker.pickKey(k));
          let moved = 0;
          after.forEach((p, i) => {
            if (p !== before[i]) {
              moved++;
              expect(p).toBe(w.length);
            }
          });
          const share = added / (w.reduce((a, b) => a + b, 0) + added);
          expect(moved / keys.length).toBeGreaterThan(share * 0.5);
          expect(moved / keys.length).toBeLessThan(share * 1.5 + 0.02);
        },
      ),
      { seed: 9, numRuns: 40 },
    );
  });

  it('retries never revisit a peer tried for the same request and stop after every live peer', () => {
    fc.assert(
      fc.property(fc.constantFrom(...allDialects), weightsArb, keyArb, (dialect, w, key) => {
        const picker = createDialect(dialect, targetsOf(w), { maxFails: 0 });
        const tried = new Set<number>();
        let p = picker.pickKey(key);
        while (p !== NO_TARGET) {
          expect(tried.has(p)).toBe(false);
          tried.add(p);
          picker.reportFailure(p);
          p = picker.pickNext();
        }
        expect(tried.size).toBe(w.length);
      }),
      { seed: 10, numRuns: 200 },
    );
  });
});

describe('nginx dialect keys and contract', () => {
  it('ip-hash pick(hash) reads the number as an IPv4 address', () => {
    fc.assert(
      fc.property(weightsArb, fc.nat(0xffffffff), (w, h) => {
        const picker = new NginxIpHashPicker(targetsOf(w));
        const dotted = [h >>> 24, (h >>> 16) & 255, (h >>> 8) & 255, h & 255].join('.');
        expect(picker.pick(h)).toBe(picker.pickKey(dotted));
      }),
      { seed: 11, numRuns: 200 },
    );
  });

  it('hash pick(address) hashes the dotted-quad text of the address, as hash $remote_addr', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('nginx-hash', 'nginx-hash-consistent' as const),
        weightsArb,
        fc.nat(0xffffffff),
        (dialect, w, h) => {
          const picker = createDialect(dialect, targetsOf(w));
          const dotted = [h >>> 24, (h >>> 16) & 255, (h >>> 8) & 255, h & 255].join('.');
          expect(picker.pick(h)).toBe(picker.pickKey(dotted));
        },
      ),
      { seed: 12, numRuns: 200 },
    );
  });

  it('parses client addresses as nginx hashes them (3 IPv4 octets, 16 IPv6 bytes)', () => {
    const out = new Uint8Array(16);
    expect(parseClientAddress('192.168.7.9', out)).toBe(3);
    expect(Array.from(out.subarray(0, 3))).toEqual([192, 168, 7]);
    expect(parseClientAddress('::1', out)).toBe(16);
    expect(Array.from(out)).toEqual([...Array<number>(15).fill(0), 1]);
    expect(parseClientAddress('2001:db8::8a2e:370:7334', out)).toBe(16);
    expect(Array.from(out)).toEqual([
      0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0x8a, 0x2e, 0x03, 0x70, 0x73, 0x34,
    ]);
    expect(parseClientAddress('::ffff:1.2.3.4', out)).toBe(16);
    expect(Array.from(out.subarray(10))).toEqual([0xff, 0xff, 1, 2, 3, 4]);
    expect(parseClientAddress('not an address', out)).toBe(0);
    expect(parseClientAddress('1.2.3.256', out)).toBe(0);
  });

  it('hashes non-ASCII keys as UTF-8', () => {
    const picker = new NginxHashPicker(targetsOf([1, 1, 1, 1, 1, 1, 1]));
    const w = [1, 1, 1, 1, 1, 1, 1];
    for (const k of ['café', 'ключ', '鍵-1', '😀'])
      expect(picker.pickKey(k)).toBe(refHash(w, [], k));
  });

  it('treats an empty hash key as round robin, like nginx', () => {
    const picker = new NginxHashPicker(targetsOf([2, 1]));
    expect([0, 1, 2].map(() => picker.pickKey(''))).toEqual([0, 1, 0]);
  });

  it('answers NO_TARGET when every peer is down or there are none', () => {
    for (const dialect of allDialects) {
      const picker = createDialect(dialect, targetsOf([1, 2], [true, true]));
      expect(picker.pickKey('10.1.2.3')).toBe(NO_TARGET);
      expect(createDialect(dialect, []).pickKey('x')).toBe(NO_TARGET);
    }
  });

  it('rejects bad targets and options naming the module and the value', () => {
    expect(() => new NginxHashPicker([{ id: 'a:1', weight: 101 }])).toThrow(
      /nginx-hash: targets\[0\].*got 101/,
    );
    expect(() => new NginxIpHashPicker(targetsOf([1]), { maxFails: -2 })).toThrow(RangeError);
  });

  it('round robin: marking down in place keeps current weights; a reweight restarts like a reload', () => {
    const picker = new NginxRoundRobinPicker(targetsOf([5, 1, 1]));
    expect([0, 1, 2].map(() => picker.pick(0))).toEqual([0, 0, 1]);

    picker.update(targetsOf([5, 0, 1]));
    const down = Array.from({ length: 6 }, () => picker.pick(0));
    picker.update(targetsOf([5, 1, 1]));
    const back = Array.from({ length: 7 }, () => picker.pick(0));
    picker.update(targetsOf([5, 2, 1]));
    const reloaded = Array.from({ length: 8 }, () => picker.pick(0));

    expect(down).not.toContain(1);
    expect(back).toContain(1);
    const fresh = new NginxRoundRobinPicker(targetsOf([5, 2, 1]));
    expect(reloaded).toEqual(Array.from({ length: 8 }, () => fresh.pick(0)));
  });

  it('keeps least_conn counts by id across a reload', () => {
    const picker = new NginxLeastConnPicker(targetsOf([1, 1, 1]));
    picker.connectionOpened(0);
    picker.connectionOpened(0);
    picker.update([targetsOf([1, 1, 1])[2]!, targetsOf([1, 1, 1])[0]!]);
    expect(picker.connections(1)).toBe(2);
    expect(picker.pick(0)).toBe(0);
  });
});
