/**
 * Turns a finished simulation into the report of SPEC section 3. Shares are rounded as the JSON
 * writes them (`roundShare`, 6 decimals), so the object `simulate` returns equals its JSON.
 */
import { instancesOverRun } from '../cloud/launches.js';
import { lbsimVersion, REPORT_FORMAT } from '../report/report-format.js';
import { roundShare } from '../report/shares.js';
import { zoneTotals } from '../report/zone-totals.js';
import type { Protocol, Scenario } from '../scenario/types.js';
import type {
  ClientAddress,
  EventReport,
  Report,
  ServerReport,
  WindowReport,
} from '../report/types.js';
import { collectFailOpen, collectMix, collectPools, collectUnserved } from './collect-pools.js';
import { collectService, targetService } from './collect-service.js';
import type { Simulation } from './simulation.js';

/** Builds the report of a simulation that has run. */
export function collectReport(sim: Simulation): Report {
  const { servers, bound, unserved, retries } = collectServers(sim);
  const windows = collectWindows(sim);
  const { name, description } = sim.scenario;
  const zones = zoneTotals({ servers, bound, windows, zoneOf: zonesOf(sim.scenario) });
  const service = collectService(sim);
  return {
    format: REPORT_FORMAT,
    lbsimVersion: lbsimVersion(),
    ...(name === undefined ? {} : { name }),
    ...(description === undefined ? {} : { description }),
    seed: sim.scenario.seed,
    durationSec: sim.scenario.durationSec,
    windowSec: sim.scenario.options.windowSec,
    requests: sim.requests,
    unserved,
    retries,
    servers,
    windows,
    events: collectEvents(sim),
    unservedBy: collectUnserved(sim),
    failOpen: collectFailOpen(sim),
    mix: collectMix(sim),
    pools: collectPools(sim),
    ...(zones.length === 0 ? {} : { zones }),
    ...(service === undefined ? {} : { service }),
  };
}

/** Every target of every pool, whether each is bound at the end, and the run's totals. */
function collectServers(sim: Simulation): {
  servers: ServerReport[];
  bound: boolean[];
  unserved: number;
  retries: number;
} {
  const servers: ServerReport[] = [];
  const bound: boolean[] = [];
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
      bound.push(t.bound);
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
  return { servers, bound, unserved, retries };
}

/** Requests per target id and window, summed over the listeners that bind the same target. */
function collectWindows(sim: Simulation): WindowReport[] {
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
  return windowReports;
}

/** The events as applied, with what they moved (targets in id order). */
function collectEvents(sim: Simulation): EventReport[] {
  return sim.events.map((e) => ({
    atSec: e.atSec,
    op: e.op,
    description: e.description,
    params: e.params,
    sessionsMoved: e.sessionsMoved,
    sessionsDropped: e.sessionsDropped,
    clientsRemapped: e.clientsRemapped,
    movedTo: Object.fromEntries([...e.movedTo].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  }));
}

/** Each instance's zone, those that have one, in scenario order (then those scale events launch). */
function zonesOf(scenario: Scenario): Map<string, string> {
  const zones = new Map<string, string>();
  for (const i of instancesOverRun(scenario)) if (i.zone !== undefined) zones.set(i.id, i.zone);
  return zones;
}

function protocolOf(sim: Simulation, listener: string): Protocol {
  return sim.scenario.listeners.find((l) => l.id === listener)!.protocol;
}

/** IDC addresses sit behind SNAT: the client address travels in TOA or X-Forwarded-For, or not at all. */
function behindSnat(protocol: Protocol): ClientAddress {
  if (protocol === 'HTTP' || protocol === 'HTTPS') return 'x-forwarded-for';
  return protocol === 'UDP' ? 'hidden' : 'toa';
}
