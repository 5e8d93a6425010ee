import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PassiveCheck } from '../../src/health/passive-check.js';

describe('PassiveCheck', () => {
  it('takes a target out for 10 s after 3 failed forwards in a row, then restores it', () => {
    const check = new PassiveCheck();
    expect(check.recordFailure(2, 0)).toBe(false);
    expect(check.recordFailure(2, 100)).toBe(false);
    expect(check.isEjected(2, 100)).toBe(false);
    expect(check.recordFailure(2, 200)).toBe(true);
    expect(check.isEjected(2, 200)).toBe(true);
    expect(check.isEjected(2, 10_199)).toBe(true);
    expect(check.ejectedUntilMs(2)).toBe(10_200);
    expect(check.isEjected(2, 10_200)).toBe(false);
    expect(check.isEjected(1, 200)).toBe(false);
    // The count starts again after the ejection.
    expect(check.recordFailure(2, 10_300)).toBe(false);
  });

  it('resets the run on a successful forward', () => {
    const check = new PassiveCheck();
    check.recordFailure(0, 0);
    check.recordFailure(0, 1);
    check.recordSuccess(0);
    expect(check.recordFailure(0, 2)).toBe(false);
    expect(check.recordFailure(0, 3)).toBe(false);
    expect(check.recordFailure(0, 4)).toBe(true);
  });

  it('ignores failures while ejected and forgets everything on reset', () => {
    const check = new PassiveCheck({ failures: 2, ejectMs: 500 });
    check.recordFailure(0, 0);
    expect(check.recordFailure(0, 0)).toBe(true);
    expect(check.recordFailure(0, 100)).toBe(false);
    expect(check.ejectedUntilMs(0)).toBe(500);
    check.reset(0);
    expect(check.isEjected(0, 100)).toBe(false);
    expect(check.ejectedUntilMs(0)).toBe(-Infinity);
  });

  it('matches a reference counter for any sequence of outcomes, growing to any slot', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ slot: fc.nat(200), ok: fc.boolean(), dt: fc.nat(3000) }), {
          maxLength: 300,
        }),
        (events) => {
          const check = new PassiveCheck({ slots: 1 });
          const runs = new Map<number, number>();
          const until = new Map<number, number>();
          let now = 0;
          for (const { slot, ok, dt } of events) {
            now += dt;
            const out = now < (until.get(slot) ?? -Infinity);
            expect(check.isEjected(slot, now)).toBe(out);
            if (ok) {
              check.recordSuccess(slot);
              runs.set(slot, 0);
            } else {
              let ejected = false;
              if (!out) {
                const run = (runs.get(slot) ?? 0) + 1;
                ejected = run === 3;
                runs.set(slot, ejected ? 0 : run);
                if (ejected) until.set(slot, now + 10_000);
              }
              expect(check.recordFailure(slot, now)).toBe(ejected);
            }
          }
        },
      ),
      { seed: 42 },
    );
  });

  it('rejects bad options and slots, naming the module and the value', () => {
    expect(() => new PassiveCheck({ failures: 0 })).toThrow(/passive-check: failures .* got 0/);
    expect(() => new PassiveCheck({ ejectMs: -1 })).toThrow(/ejectMs .* got -1/);
    expect(() => new PassiveCheck({ slots: 1.5 })).toThrow(/slots/);
    expect(() => new PassiveCheck().recordFailure(70_000, 0)).toThrow(/slot .* got 70000/);
  });
});

describe('PassiveCheck verdicts that come later', () => {
  it('count in the order they become known, not the order they were sent', () => {
    const check = new PassiveCheck({ failures: 3, ejectMs: 100 });
    // Sent at 0, 1, 2, 3: three failures known at 50, 51, 53, and a success known at 52.
    check.later(0, false, 50);
    check.later(0, false, 51);
    check.later(0, false, 53);
    check.later(0, true, 52);
    expect(check.settle(49)).toBe(false);
    expect(check.settle(60)).toBe(false); // the success at 52 broke the run
    check.later(0, false, 70);
    check.later(0, false, 71);
    expect(check.settle(70)).toBe(false);
    expect(check.isEjected(0, 70)).toBe(false);
    expect(check.settle(71)).toBe(true); // 53, 70, 71: three in a row
    expect(check.isEjected(0, 72)).toBe(true);
    expect(check.ejectedUntilMs(0)).toBe(171);
  });
});
