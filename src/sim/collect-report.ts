/**
 * Turns a finished simulation into the report of SPEC section 3. Shares are rounded as the JSON
 * writes them (`roundShare`, 6 decimals), so the object `simulate` returns equals its JSON.
 */
import { roundShare } from '../report/shares.js';
import type { Protocol } from '../scenario/types.js';
import type {
  ClientAddress,
  EventReport,
  Report,
  ServerReport,
  WindowReport,
} from '../report/types.js';
import { collectService, targetService } from './collect-service.js';
import type { Simulation } from './simulation.js';

/** Builds the report of a simulation that has run. */
export function collectReport(sim: Simulation): Report {
  const servers: ServerReport[] = [];
  let unserved = sim.unserved;
  let retries = 0;
  for (const pool of sim.pools) {
    unserved += pool.unserved;
    retries += pool.retries;
    let forwarded = 0;
    let expectedTotal = 0;
    for (const { tally } of pool.targets) {
      forwarded += tally.requests;
      expectedTotal += tally.expectedMs;
    }
    for (const [i, t] of pool.targets.entries()) {
      const s = t.tally;
      servers.push({
        listener: pool.listener,
        ...(pool.rule === undefined ? {} : { rule: pool.rule }),
        target: t.id,
        instance: t.instance,
        clientAddress: t.instance === null ? behindSnat(protocolOf(sim, pool.listener)) : 'source',
        weight: t.weight,
        weights: s.weights,
        requests: s.requests,
        share: roundShare(forwarded === 0 ? 0 : s.requests / forwarded),
        expectedShare: roundShare(expectedTotal === 0 ? 0 : s.expectedMs / expectedTotal),
        newSessions: s.newSessions,
        sessionsMovedIn: s.sessionsMovedIn,
        sessionsExpired: pool.sessionsExpired(i),
        failed: s.failed,
        blocked: s.blocked,
        health: s.health,
        ...(t.serviceTally === null ? {} : { service: targetService(t.serviceTally) }),
      });
    }
  }

  // Windows count requests per target id, summed over the listeners that bind the same target.
  const { windows, windowMs } = sim.windowing;
  const ids: string[] = [];
  for (const pool of sim.pools)
    for (const t of pool.targets) if (!ids.includes(t.id)) ids.push(t.id);
  const windowReports: WindowReport[] = [];
  const durationMs = sim.scenario.durationSec * 1000;
  for (let w = 0; w < windows; w++) {
    const requests: Record<string, number> = {};
    for (const id of ids) requests[id] = 0;
    for (const pool of sim.pools) {
      for (const t of pool.targets) requests[t.id]! += t.tally.windows[w]!;
    }
    windowReports.push({
      fromSec: (w * windowMs) / 1000,
      toSec: Math.min((w + 1) * windowMs, durationMs) / 1000,
      requests,
    });
  }

  const events: EventReport[] = sim.events.map((e) => ({
    atSec: e.atSec,
    op: e.op,
    sessionsMoved: e.sessionsMoved,
    sessionsDropped: e.sessionsDropped,
    clientsRemapped: e.clientsRemapped,
    movedTo: Object.fromEntries([...e.movedTo].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  }));

  const service = collectService(sim);
  return {
    seed: sim.scenario.seed,
    durationSec: sim.scenario.durationSec,
    requests: sim.requests,
    unserved,
    retries,
    servers,
    windows: windowReports,
    events,
    ...(service === undefined ? {} : { service }),
  };
}

function protocolOf(sim: Simulation, listener: string): Protocol {
  return sim.scenario.listeners.find((l) => l.id === listener)!.protocol;
}

/** IDC addresses sit behind SNAT: the client address travels in TOA or X-Forwarded-For, or not at all. */
function behindSnat(protocol: Protocol): ClientAddress {
  if (protocol === 'HTTP' || protocol === 'HTTPS') return 'x-forwarded-for';
  return protocol === 'UDP' ? 'hidden' : 'toa';
}
