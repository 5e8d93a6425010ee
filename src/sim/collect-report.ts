/**
 * Turns a finished simulation into the report of SPEC section 3. Shares are rounded as the JSON
 * writes them (`roundShare`, 6 decimals), so the object `simulate` returns equals its JSON. The
 * windows (`windows`, `pools[].windows`) stay columns of counters until read
 * (`report/window-columns.ts`).
 */
import { instancesOverRun } from '../cloud/launches.js';
import { lbsimVersion, REPORT_FORMAT } from '../report/report-format.js';
import { roundShare } from '../report/shares.js';
import { zoneTotals } from '../report/zone-totals.js';
import type { Protocol, Scenario } from '../scenario/types.js';
import type { ClientAddress, EventReport, Report, ServerReport } from '../report/types.js';
import { attachReportWindows } from '../report/window-columns.js';
import { collectFailOpen, collectMix, collectPools, collectUnserved } from './collect-pools.js';
import { collectService, targetService } from './collect-service.js';
import { reportColumns, windowBounds } from './collect-windows.js';
import type { Simulation } from './simulation.js';

/** Builds the report of a simulation that has run. */
export function collectReport(sim: Simulation): Report {
  const { servers, bound, unserved, retries, connections } = collectServers(sim);
  const bounds = windowBounds(sim);
  const windows = reportColumns(sim, bounds);
  const { name, description } = sim.scenario;
  const zones = zoneTotals({ servers, bound, windows, zoneOf: zonesOf(sim.scenario) });
  const service = collectService(sim);
  const report: Report = {
    format: REPORT_FORMAT,
    lbsimVersion: lbsimVersion(),
    ...(name === undefined ? {} : { name }),
    ...(description === undefined ? {} : { description }),
    seed: sim.scenario.seed,
    durationSec: sim.scenario.durationSec,
    windowSec: sim.scenario.options.windowSec,
    requests: sim.requests,
    ...(connections === undefined ? {} : { connections }),
    unserved,
    retries,
    servers,
    windows: [], // replaced below, in place (the key keeps its position)
    events: collectEvents(sim),
    unservedBy: collectUnserved(sim),
    failOpen: collectFailOpen(sim),
    mix: collectMix(sim),
    pools: collectPools(sim, bounds),
    ...(zones.length === 0 ? {} : { zones }),
    ...(service === undefined ? {} : { service }),
  };
  attachReportWindows(report, windows);
  return report;
}

/** Every target of every pool, whether each is bound at the end, and the run's totals. */
function collectServers(sim: Simulation): {
  servers: ServerReport[];
  bound: boolean[];
  unserved: number;
  retries: number;
  connections: number | undefined;
} {
  const servers: ServerReport[] = [];
  const bound: boolean[] = [];
  let unserved = sim.unserved;
  let retries = 0;
  // Connections are counted apart from requests where requests may share one: on layer 4.
  const reuse = sim.scenario.traffic.requestsPerConnection !== undefined;
  let connections = 0;
  for (const pool of sim.pools) {
    const counted = reuse && pool.rule === undefined;
    unserved += pool.unserved;
    retries += pool.retries;
    // A target's requests are the sum of its windows: summed once here.
    const requests = pool.targets.map((t) => t.tally.requests);
    const forwarded = requests.reduce((a, b) => a + b, 0);
    let expectedTotal = 0;
    for (const { tally } of pool.targets) expectedTotal += tally.expectedMs;
    for (const [i, t] of pool.targets.entries()) {
      const s = t.tally;
      const forwardedTo = requests[i]!;
      const connectionsTo = counted ? s.connections : 0;
      bound.push(t.bound);
      servers.push({
        listener: pool.listener,
        ...(pool.rule === undefined ? {} : { rule: pool.rule }),
        target: t.id,
        instance: t.instance,
        clientAddress: t.instance === null ? behindSnat(protocolOf(sim, pool.listener)) : 'source',
        weight: t.weight,
        weights: s.weights,
        requests: forwardedTo,
        ...(counted ? { connections: connectionsTo } : {}),
        share: roundShare(forwarded === 0 ? 0 : forwardedTo / forwarded),
        expectedShare: roundShare(expectedTotal === 0 ? 0 : s.expectedMs / expectedTotal),
        newSessions: s.newSessions,
        sessionsMovedIn: s.sessionsMovedIn,
        sessionsExpired: pool.sessionsExpired(i),
        failed: s.failed,
        blocked: s.blocked,
        health: s.health,
        ...(t.serviceTally === null ? {} : { service: targetService(t.serviceTally) }),
      });
      if (counted) connections += connectionsTo;
    }
  }
  return { servers, bound, unserved, retries, connections: reuse ? connections : undefined };
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
