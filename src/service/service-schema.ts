/**
 * The structure of `instances[].service` (valibot) and its domain rule (a lognormal's p99 must
 * define one): types and ranges here, every message following the field's JSON path.
 */
import * as v from 'valibot';
import type { Issue } from '../errors.js';
import { MAX_SERVICE_MS, MAX_SERVICE_QUEUE, MAX_SERVICE_WORKERS } from '../limits.js';
import { childPath } from '../scenario/json-path.js';
import { integerIn, numberIn, oneOf, record } from '../scenario/schema-fields.js';
import type { ServiceSpec } from './service-model.js';
import { MAX_LOGNORMAL_P99_RATIO, SERVICE_DISTRIBUTIONS } from './service-time.js';

const milliseconds = numberIn(0, MAX_SERVICE_MS, true);

/** `instances[].service`. */
export const ServiceSchema = record({
  workers: v.optional(integerIn(1, MAX_SERVICE_WORKERS), 1),
  latencyMs: record({
    distribution: oneOf(SERVICE_DISTRIBUTIONS),
    mean: milliseconds,
    p99: v.optional(milliseconds),
  }),
  queueLimit: v.optional(integerIn(0, MAX_SERVICE_QUEUE)),
  timeoutMs: v.optional(milliseconds),
  errorRate: v.optional(numberIn(0, 1), 0),
});

/** Problems with a service model that passed its schema, at `path` (the `service` field). */
export function checkService(service: ServiceSpec, path: string): Issue[] {
  const { distribution, mean, p99 } = service.latencyMs;
  if (p99 === undefined) return [];
  const at = childPath(childPath(path, 'latencyMs'), 'p99');
  if (distribution !== 'lognormal') {
    return [
      { path: at, message: `applies to the lognormal distribution only (got ${distribution})` },
    ];
  }
  if (!(p99 > mean) || p99 > mean * MAX_LOGNORMAL_P99_RATIO) {
    return [
      {
        path: at,
        message: `must be above the mean and at most ${MAX_LOGNORMAL_P99_RATIO.toFixed(2)} × the mean for a lognormal (got ${p99} with mean ${mean})`,
      },
    ];
  }
  return [];
}
