/**
 * Rules of connection reuse (`traffic.requestsPerConnection`): a `constant` count must be a whole
 * number of requests; and a warning when no layer-4 listener gets traffic, since a layer-7 listener
 * balances every request on its own (over kept-alive client connections) and so ignores the field.
 * Cost: O(listeners + mix entries). Deterministic.
 */
import type { Issue } from '../errors.js';
import type { Draft } from './draft.js';
import type { Scenario, TrafficSpec } from './types.js';

const PATH = 'traffic.requestsPerConnection';

/** Problems with `traffic.requestsPerConnection`. */
export function checkRequestsPerConnection(traffic: TrafficSpec): Issue[] {
  const reuse = traffic.requestsPerConnection;
  if (reuse === undefined || reuse.distribution !== 'constant' || Number.isInteger(reuse.mean))
    return [];
  return [
    {
      path: `${PATH}.mean`,
      message: `must be an integer with distribution "constant" (got ${reuse.mean}); use "geometric" for a fractional mean`,
    },
  ];
}

/** A warning when `traffic.requestsPerConnection` is set but no layer-4 listener gets requests. */
export function requestsPerConnectionWarnings(draft: Draft, scenario: Scenario): Issue[] {
  const { traffic } = scenario;
  if (traffic.requestsPerConnection === undefined) return [];
  const layer4 = new Set(draft.listeners.filter((l) => l.layer === 4).map((l) => l.id));
  const reached =
    traffic.mix.length === 0
      ? layer4.size > 0
      : traffic.mix.some((e) => e.weight > 0 && layer4.has(e.listener));
  if (reached) return [];
  return [
    {
      path: PATH,
      message:
        'has no effect: no layer-4 listener gets requests, and a layer-7 listener balances every request on its own (connections are reused only on TCP, UDP and TCP SSL listeners)',
    },
  ];
}
