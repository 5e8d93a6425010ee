import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  NGINX_DEFAULT_FAIL_TIMEOUT_MS,
  NGINX_DEFAULT_MAX_FAILS,
  NginxPassiveChecks,
  nginxSeconds,
} from '../../../src/balancer/dialects/nginx-passive.js';

/** The textbook rules of nginx's passive checks, one peer, as plain records (the reference). */
interface Ref {
  fails: number;
  accessed: number;
  checked: number;
}
const refAvailable = (r: Ref, maxFails: number, timeout: number, now: number): boolean =>
  !(maxFails > 0 && r.fails >= maxFails && now - r.checked <= timeout);

describe('NginxPassiveChecks', () => {
  it('defaults to max_fails 1 and fail_timeout 10 s', () => {
    expect(NGINX_DEFAULT_MAX_FAILS).toBe(1);
    expect(NGINX_DEFAULT_FAIL_TIMEOUT_MS).toBe(10_000);
    expect(new NginxPassiveChecks(1).maxFails).toBe(1);
  });

  it('ejects after one failure and holds the peer off through fail_timeout whole seconds', () => {
    const checks = new NginxPassiveChecks(2);

    checks.failed(0, 12_900);

    expect(checks.available(0, 12_900)).toBe(false);
    expect(checks.available(0, 22_999)).toBe(false);
    expect(checks.available(0, 23_000)).toBe(true);
    expect(checks.available(1, 12_900)).toBe(true);
  });

  it('lets one request through after fail_timeout, and one more failure ejects again', () => {
    const checks = new NginxPassiveChecks(1);
    checks.failed(0, 0);

    checks.selected(0, 11_000);

    expect(checks.available(0, 11_500)).toBe(false);
    checks.failed(0, 11_500);
    expect(checks.available(0, 21_999)).toBe(false);
    expect(checks.available(0, 22_000)).toBe(true);
  });

  it('recovers when the request let through succeeds', () => {
    const checks = new NginxPassiveChecks(1);
    checks.failed(0, 0);
    checks.selected(0, 11_000);

    checks.succeeded(0);

    expect(checks.fails(0)).toBe(0);
    expect(checks.available(0, 11_000)).toBe(true);
  });

  it('counts failures that are not consecutive', () => {
    const checks = new NginxPassiveChecks(1, { maxFails: 3, failTimeoutMs: 5000 });

    checks.failed(0, 1000);
    checks.succeeded(0);
    checks.failed(0, 2000);
    checks.succeeded(0);
    checks.failed(0, 3000);

    expect(checks.fails(0)).toBe(3);
    expect(checks.available(0, 3000)).toBe(false);
  });

  it('never holds a peer off when max_fails is 0', () => {
    const checks = new NginxPassiveChecks(1, { maxFails: 0 });
    for (let i = 0; i < 5; i++) checks.failed(0, i * 100);
    expect(checks.available(0, 500)).toBe(true);
  });

  it('follows the reference rules for every sequence of events', () => {
    const event = fc.record({
      kind: fc.constantFrom('select', 'fail', 'ok'),
      dt: fc.integer({ min: 0, max: 4000 }),
    });
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 60 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 5 }),
        (events, maxFails, timeoutS) => {
          const checks = new NginxPassiveChecks(1, { maxFails, failTimeoutMs: timeoutS * 1000 });
          const ref: Ref = { fails: 0, accessed: 0, checked: 0 };
          let ms = 0;
          for (const e of events) {
            ms += e.dt;
            const now = nginxSeconds(ms);
            if (e.kind === 'select') {
              if (now - ref.checked > timeoutS) ref.checked = now;
              checks.selected(0, ms);
            } else if (e.kind === 'fail') {
              ref.fails++;
              ref.accessed = now;
              ref.checked = now;
              checks.failed(0, ms);
            } else {
              if (ref.accessed < ref.checked) ref.fails = 0;
              checks.succeeded(0);
            }
            expect(checks.available(0, ms)).toBe(refAvailable(ref, maxFails, timeoutS, now));
            expect(checks.toJSON()[0]).toEqual(ref);
          }
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  it('rejects bad options naming the module and the value', () => {
    expect(() => new NginxPassiveChecks(1, { maxFails: -1 })).toThrow(
      /nginx-passive: maxFails .* got -1/,
    );
    expect(() => new NginxPassiveChecks(1, { failTimeoutMs: 1500 })).toThrow(
      /nginx-passive: failTimeoutMs .* got 1500/,
    );
  });
});
