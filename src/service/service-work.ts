/**
 * What the service model costs a run, for the pre-run estimate (`scenario/work-estimate.ts`):
 * per request a worker-heap step and two histogram counts (counted as SERVED_REQUEST_COST
 * request-equivalents, measured with `npm run bench`), and memory for the workers, the queues
 * (each bounded by `queueLimit` or MAX_SERVICE_QUEUE, and by the requests of the run) and the
 * latency histograms (one per target and one per
 * pool and report window that had a response, each at most as many buckets as its largest latency
 * needs: the client timeout, or else the longest queue times the service time's far tail).
 */
import { MAX_SERVICE_QUEUE } from '../limits.js';
import type { Scenario } from '../scenario/types.js';
import { bucketOf, MAX_HISTOGRAM_BUCKETS } from './log-histogram.js';

/** Extra request-equivalents per request served by a service model. */
export const SERVED_REQUEST_COST = 1;
/** A queued start time or a worker's free time. */
const SLOT_BYTES = 8;
/** How far past its mean a service time's tail is taken to reach (lognormal p99.99 and beyond). */
const TAIL_FACTOR = 100;

/** The service model's work (request-equivalents) and memory (bytes); zeros without one. */
export function serviceWork(
  scenario: Scenario,
  requests: number,
  poolWindowCells: number,
): { readonly work: number; readonly bytes: number } {
  const services = scenario.instances.flatMap((i) => (i.service === undefined ? [] : [i.service]));
  if (services.length === 0) return { work: 0, bytes: 0 };
  let workerBytes = 0;
  let longestMs = 0;
  for (const s of services) {
    const queue = Math.min(s.queueLimit ?? MAX_SERVICE_QUEUE, requests);
    workerBytes += s.workers * SLOT_BYTES + 2 * queue * SLOT_BYTES;
    longestMs = Math.max(
      longestMs,
      s.timeoutMs ?? ((queue + 1) * s.latencyMs.mean * TAIL_FACTOR) / s.workers,
    );
  }
  const buckets = Math.min(
    MAX_HISTOGRAM_BUCKETS,
    2 * bucketOf(Math.min(Math.ceil(longestMs * 1000), 2 ** 53 - 1)) + 1,
  );
  const histograms = Math.min(poolWindowCells, requests) + scenario.instances.length * 4;
  return {
    work: requests * SERVED_REQUEST_COST,
    bytes: workerBytes + histograms * buckets * 8,
  };
}
