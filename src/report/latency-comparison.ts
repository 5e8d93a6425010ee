/**
 * The comparison's latency and failure columns (only when the scenario has service models): what
 * clients felt under each algorithm — median and tail latency, errors, rejections and timeouts.
 */
import { formatCount } from './presentation.js';
import type { AlgorithmComparison, ServiceOutcomes } from './types.js';

/** Column headers, after the fairness ones. */
export const LATENCY_HEADER: readonly string[] = [
  'p50 ms',
  'p99 ms',
  'p99.9 ms',
  'errors',
  'rejected',
  'timed out',
];

/** The note under the table. */
export const LATENCY_NOTE: readonly string[] = [
  'p50/p99/p99.9: latency over requests that got a response (errors included). rejected: queue',
  'full; timed out: the client gave up after timeoutMs.',
];

/** A row's latency cells (empty when it has none). */
export function latencyCells(r: AlgorithmComparison): string[] {
  const s = r.service;
  if (s === undefined) return LATENCY_HEADER.map(() => '');
  return [
    String(s.latencyMs.p50),
    String(s.latencyMs.p99),
    String(s.latencyMs.p999),
    formatCount(s.errors),
    formatCount(s.rejected),
    formatCount(s.timedOut),
  ];
}

/** The service outcomes with their keys in a fixed order, for the JSON. */
export function orderedService(s: ServiceOutcomes): ServiceOutcomes {
  const l = s.latencyMs;
  return {
    responses: s.responses,
    latencyMs: { mean: l.mean, p50: l.p50, p90: l.p90, p99: l.p99, p999: l.p999 },
    errors: s.errors,
    rejected: s.rejected,
    timedOut: s.timedOut,
  };
}
