import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/random/rng.js';
import { ServiceModel, ServiceOutcome } from '../../src/service/service-model.js';

/**
 * The reference: a FIFO queue with `workers` servers simulated step by step. Before each arrival,
 * workers that finished take the next waiting request, in order. Returns, per arrival, its
 * response time, or -1 when rejected (all workers busy and `queueLimit` already waiting).
 */
function reference(
  arrivals: number[],
  serviceMs: number,
  workers: number,
  queueLimit: number,
): number[] {
  const busyUntil: number[] = [];
  const waiting: { at: number; index: number }[] = [];
  const out: number[] = [];
  const release = (now: number) => {
    for (;;) {
      busyUntil.sort((a, b) => a - b);
      if (waiting.length === 0 || busyUntil.length < workers) {
        if (waiting.length > 0 && busyUntil.length < workers) throw new Error('idle worker');
        if (busyUntil.length === 0 || busyUntil[0]! > now) return;
      }
      const first = busyUntil[0]!;
      if (first > now) return;
      busyUntil.shift();
      const next = waiting.shift();
      if (next !== undefined) {
        busyUntil.push(first + serviceMs);
        out[next.index] = first + serviceMs - next.at;
      }
    }
  };
  arrivals.forEach((at, index) => {
    release(at);
    if (busyUntil.length < workers) {
      busyUntil.push(at + serviceMs);
      out[index] = serviceMs;
    } else if (waiting.length < queueLimit) {
      waiting.push({ at, index });
    } else {
      out[index] = -1;
    }
  });
  release(Infinity);
  return out;
}

describe('ServiceModel', () => {
  it('serves FIFO with workers and a queue limit exactly as a step-by-step queue does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 1, max: 30 }),
        (gaps, workers, queueLimit, serviceMs) => {
          let t = 0;
          const arrivals = gaps.map((g) => (t += g));
          const model = new ServiceModel(
            [
              {
                instance: 'i',
                spec: {
                  workers,
                  queueLimit,
                  errorRate: 0,
                  latencyMs: { distribution: 'constant', mean: serviceMs },
                },
              },
            ],
            createRng('x'),
          );
          const got = arrivals.map((at) => {
            const d = model.admit(0, at);
            return model.outcome === ServiceOutcome.Rejected ? -1 : d;
          });
          expect(got).toEqual(reference(arrivals, serviceMs, workers, queueLimit));
        },
      ),
    );
  });

  it('a timed-out request closes at the timeout but its worker stays busy', () => {
    const model = new ServiceModel(
      [
        {
          instance: 'i',
          spec: {
            workers: 1,
            timeoutMs: 15,
            errorRate: 0,
            latencyMs: { distribution: 'constant', mean: 10 },
          },
        },
      ],
      createRng('x'),
    );
    expect(model.admit(0, 0)).toBe(10);
    expect(model.outcome).toBe(ServiceOutcome.Response);
    // Waits 9, served 10..20: the client gives up at 16.
    expect(model.admit(0, 1)).toBe(15);
    expect(model.outcome).toBe(ServiceOutcome.TimedOut);
    // The worker still serves the abandoned request until 20: a request at 12 is served 20..30.
    expect(model.admit(0, 12)).toBe(15);
    expect(model.outcome).toBe(ServiceOutcome.TimedOut);
    const [stats] = model.finish(40);
    expect(stats!.utilisation).toBeCloseTo(30 / 40, 9);
    expect(stats!.peakQueued).toBe(1);
    expect(stats!.peakInFlight).toBe(2);
    // In system: 10 + 19 + 18 ms over 40 ms; waiting: 9 + 8.
    expect(stats!.meanInFlight).toBeCloseTo(47 / 40, 9);
    expect(stats!.meanQueued).toBeCloseTo(17 / 40, 9);
  });

  it('events: slow multiplies, errors err, blackhole never answers, restore undoes them', () => {
    const model = new ServiceModel(
      [
        {
          instance: 'i',
          spec: {
            workers: 8,
            timeoutMs: 1000,
            errorRate: 0,
            latencyMs: { distribution: 'constant', mean: 10 },
          },
        },
      ],
      createRng('x'),
    );
    model.setFactor(0, 3);
    expect(model.admit(0, 0)).toBe(30);
    model.setErrorRate(0, 1);
    model.admit(0, 0);
    expect(model.outcome).toBe(ServiceOutcome.Error);
    model.setBlackhole(0);
    expect(model.admit(0, 0)).toBe(1000);
    expect(model.outcome).toBe(ServiceOutcome.TimedOut);
    model.restore(0);
    expect(model.admit(0, 0)).toBe(10);
    expect(model.outcome).toBe(ServiceOutcome.Response);
  });
});

describe('in flight: busy workers plus the queue', () => {
  it('peak and time-average equal the count of requests between arrival and answer', () => {
    // For all arrival streams, worker counts and distributions: each answered request is in
    // flight from its arrival to its end (arrival + response time), so the peak is the largest
    // count of such intervals open just after an arrival, and the mean their clipped length.
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 1, max: 6 }),
        fc.constantFrom('exponential', 'constant', 'lognormal'),
        fc.integer({ min: 1, max: 400 }),
        (gaps, workers, distribution, endMs) => {
          const model = new ServiceModel(
            [
              {
                instance: 'i',
                spec: { workers, errorRate: 0, latencyMs: { distribution, mean: 7 } },
              },
            ],
            createRng(`w${workers}`),
          );
          const spans: [number, number][] = [];
          let now = 0;
          let peak = 0;
          for (const gap of gaps) {
            now += gap;
            if (now > endMs) break;
            spans.push([now, now + model.admit(0, now)]);
            const open = spans.filter(([, end]) => end > now).length;
            const zero = spans.at(-1)![1] === now ? 1 : 0;
            peak = Math.max(peak, open + zero);
          }
          const inSystem = spans.reduce((sum, [at, end]) => sum + Math.min(end, endMs) - at, 0);
          const [stats] = model.finish(endMs);
          expect(stats!.peakInFlight).toBe(peak);
          expect(stats!.meanInFlight).toBeCloseTo(inSystem / endMs, 6);
        },
      ),
    );
  });
});
