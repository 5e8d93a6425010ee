/**
 * Traffic rules: every `traffic.mix` entry names an existing listener (layer-7 entries carry the
 * host and path a rule is matched on), the client block holds enough addresses for the clients,
 * and the expected number of requests stays under the cap (SPEC section 3: an absurd scenario is
 * invalid input, refused with a message saying how to raise the cap).
 */
import { quoteText, type Issue } from '../errors.js';
import { ipv4BlockSize, parseCidr } from '../network/cidr.js';
import type { Draft } from './draft.js';
import { childPath } from './json-path.js';
import { checkRequestsPerConnection } from './reuse-rules.js';
import type { TrafficSpec } from './types.js';

/** Problems with `traffic`, given the effective request cap. */
export function checkTraffic(draft: Draft, traffic: TrafficSpec, maxRequests: number): Issue[] {
  const issues: Issue[] = [];
  const listeners = new Map(draft.listeners.map((l) => [l.id, l] as const));
  traffic.mix.forEach((entry, i) => {
    const path = childPath(childPath('traffic', 'mix'), i);
    const listener = listeners.get(entry.listener);
    if (listener === undefined) {
      if (!draft.seen.listeners.has(entry.listener)) {
        issues.push({
          path: childPath(path, 'listener'),
          message: `no listener ${quoteText(entry.listener)}`,
        });
      }
      return;
    }
    if (listener.layer === 7) {
      for (const field of ['host', 'path'] as const) {
        if (entry[field] === undefined) {
          issues.push({
            path: childPath(path, field),
            message: `is required: listener ${quoteText(listener.id)} is layer 7 and routes on host and path`,
          });
        }
      }
    }
  });
  const size = ipv4BlockSize(parseCidr(traffic.clientCidr));
  if (size < traffic.clients) {
    issues.push({
      path: 'traffic.clientCidr',
      message: `${traffic.clientCidr} holds ${size} addresses, fewer than traffic.clients (${traffic.clients})`,
    });
  }
  issues.push(...checkRequestsPerConnection(traffic));
  if (draft.durationSec !== null) {
    const expected = traffic.ratePerSec * draft.durationSec;
    if (expected > maxRequests) {
      issues.push({
        path: 'traffic.ratePerSec',
        message: `the scenario expects ${formatCount(expected)} requests (ratePerSec ${traffic.ratePerSec} × durationSec ${draft.durationSec}), over the cap of ${formatCount(maxRequests)}; lower the rate or the duration, or raise the cap with "options": { "maxRequests": ... } in the scenario or --max-requests on the CLI`,
      });
    }
  }
  return issues;
}

/** A count for messages: exact below a million, else like `1.2e+10`. */
function formatCount(n: number): string {
  return n < 1e6 ? String(Math.round(n)) : n.toPrecision(3).replace(/\.?0+e/, 'e');
}
