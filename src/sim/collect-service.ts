/**
 * The report's service part, from the pools' service tallies and the model's instance figures:
 * per target outcomes, the overall ones, each instance's queue, and each pool's latency per window.
 * Latencies are rounded to the microsecond, time averages and utilisation to 6 decimals.
 */
import type {
  InstanceServiceReport,
  LatencySummary,
  PoolLatency,
  ServiceOutcomes,
  ServiceReport,
} from '../report/types.js';
import { LogHistogram } from '../service/log-histogram.js';
import type { ServiceTally } from '../service/service-tally.js';
import type { Simulation } from './simulation.js';

/** The service outcomes of one target. */
export function targetService(tally: ServiceTally): ServiceOutcomes {
  return outcomes(tally.latency, tally);
}

/** The report's `service` section, or undefined when no instance has a service model. */
export function collectService(sim: Simulation): ServiceReport | undefined {
  const service = sim.service;
  if (service === null) return undefined;
  const all = new LogHistogram();
  const sums = { errors: 0, rejected: 0, timedOut: 0 };
  for (const pool of sim.pools) {
    for (const t of pool.targets) {
      const s = t.serviceTally;
      if (s === null) continue;
      all.add(s.latency);
      sums.errors += s.errors;
      sums.rejected += s.rejected;
      sums.timedOut += s.timedOut;
    }
  }
  const workers = new Map(
    sim.scenario.instances.map((i) => [i.id, i.service?.workers ?? 0] as const),
  );
  const instances: InstanceServiceReport[] = service.model.instances.map((instance, slot) => {
    const s = service.stats[slot]!;
    return {
      instance,
      workers: workers.get(instance) ?? 0,
      peakInFlight: s.peakInFlight,
      meanInFlight: round6(s.meanInFlight),
      peakQueued: s.peakQueued,
      meanQueued: round6(s.meanQueued),
      utilisation: round6(s.utilisation),
    };
  });
  return { ...outcomes(all, sums), instances, pools: poolLatencies(sim) };
}

function poolLatencies(sim: Simulation): PoolLatency[] {
  const { windows, windowMs } = sim.windowing;
  const durationMs = sim.scenario.durationSec * 1000;
  return sim.pools.map((pool) => ({
    listener: pool.listener,
    ...(pool.rule === undefined ? {} : { rule: pool.rule }),
    windows: Array.from({ length: windows }, (_, w) => {
      const h = pool.serviceWindows?.at(w);
      return {
        fromSec: (w * windowMs) / 1000,
        toSec: Math.min((w + 1) * windowMs, durationMs) / 1000,
        responses: h?.count ?? 0,
        unanswered: pool.serviceWindows?.unanswered[w] ?? 0,
        p50: roundMs(h?.quantileMs(0.5) ?? 0),
        p90: roundMs(h?.quantileMs(0.9) ?? 0),
        p99: roundMs(h?.quantileMs(0.99) ?? 0),
      };
    }),
  }));
}

function outcomes(
  h: LogHistogram,
  counts: { readonly errors: number; readonly rejected: number; readonly timedOut: number },
): ServiceOutcomes {
  return {
    responses: h.count,
    latencyMs: summary(h),
    errors: counts.errors,
    rejected: counts.rejected,
    timedOut: counts.timedOut,
  };
}

function summary(h: LogHistogram): LatencySummary {
  return {
    mean: roundMs(h.meanMs),
    p50: roundMs(h.quantileMs(0.5)),
    p90: roundMs(h.quantileMs(0.9)),
    p99: roundMs(h.quantileMs(0.99)),
    p999: roundMs(h.quantileMs(0.999)),
  };
}

/** To the microsecond. */
function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
