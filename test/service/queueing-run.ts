/** Runs a queueing case and sums the service counts of its targets. */
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { LogHistogram } from '../../src/service/log-histogram.js';
import { Simulation } from '../../src/sim/simulation.js';
import { queueingScenario, type QueueingCase } from './queueing-scenario.js';

export interface QueueingResult {
  readonly requests: number;
  /** Mean time in system over responses, in units of the mean service time. */
  readonly meanInSystem: number;
  /** 99th percentile of time in system, in units of the mean service time. */
  readonly p99InSystem: number;
  /** Per target, mean time in system in units of the mean service time. */
  readonly perTarget: readonly number[];
  readonly utilisation: number;
}

export function runQueueing(c: QueueingCase): QueueingResult {
  const sim = new Simulation(validateScenario(queueingScenario(c)));
  sim.run();
  const all = new LogHistogram();
  const perTarget: number[] = [];
  for (const t of sim.pools[0]!.targets) {
    all.add(t.serviceTally!.latency);
    perTarget.push(t.serviceTally!.latency.meanMs / c.meanMs);
  }
  const stats = sim.service!.stats;
  return {
    requests: sim.requests,
    meanInSystem: all.meanMs / c.meanMs,
    p99InSystem: all.quantileMs(0.99) / c.meanMs,
    perTarget,
    utilisation: stats.reduce((s, x) => s + x.utilisation, 0) / stats.length,
  };
}

/** Erlang C: the probability that an arrival waits in an M/M/c queue with offered load a = λ/μ. */
export function erlangC(c: number, a: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < c; k++) {
    term *= a / k;
    sum += term;
  }
  const last = (term * a) / c / (1 - a / c);
  return last / (sum + last);
}
