/**
 * Invariants every report must satisfy, checked by the fuzz campaign and the denial-of-service
 * tests. Returns the broken ones as messages (empty when all hold).
 *
 * - counts reconcile: `sum(servers.requests) + unserved = requests + retries`, where a retry is
 *   the second forward of a request that failed on a TCP SSL / HTTP / HTTPS listener (passive
 *   checks), and `retries` is at most the failed forwards on those listeners;
 * - per target id, the window counts sum to the target's requests (over the listeners binding it);
 * - per pool (listener or rule) that forwarded anything, shares sum to 1 (within rounding);
 * - every number is finite, windows tile [0, durationSec);
 * - no request to a target after it was unbound for good (when only one pool ever binds that id);
 * - no request to a target whose weight was always 0 in a pool without session persistence.
 */
import type { Report, Scenario } from '../../src/index.js';

/** Broken invariants of `report`, the result of running `scenario`. */
export function reportInvariants(scenario: Scenario, report: Report): string[] {
  const problems: string[] = [];
  const passive = new Set(
    scenario.listeners
      .filter((l) => l.protocol === 'TCP_SSL' || l.protocol === 'HTTP' || l.protocol === 'HTTPS')
      .map((l) => l.id),
  );
  let forwarded = 0;
  let retryBound = 0;
  const perId = new Map<string, number>();
  const perPool = new Map<string, { requests: number; share: number; n: number }>();
  for (const s of report.servers) {
    for (const n of [s.requests, s.share, s.expectedShare, s.failed, s.blocked, s.newSessions]) {
      if (!Number.isFinite(n) || n < 0)
        problems.push(`server ${s.listener}/${s.target}: bad number ${n}`);
    }
    forwarded += s.requests;
    if (passive.has(s.listener)) retryBound += s.failed;
    perId.set(s.target, (perId.get(s.target) ?? 0) + s.requests);
    const key = `${s.listener}\u0000${s.rule ?? ''}`;
    const pool = perPool.get(key) ?? { requests: 0, share: 0, n: 0 };
    pool.requests += s.requests;
    pool.share += s.share;
    pool.n++;
    perPool.set(key, pool);
  }
  if (forwarded + report.unserved !== report.requests + report.retries) {
    problems.push(
      `counts: sum(requests) ${forwarded} + unserved ${report.unserved} != requests ${report.requests} + retries ${report.retries}`,
    );
  }
  if (report.retries < 0 || report.retries > retryBound) {
    problems.push(
      `retries ${report.retries} outside 0..${retryBound} (failed forwards on passive-check listeners)`,
    );
  }
  for (const [key, pool] of perPool) {
    if (pool.requests > 0 && Math.abs(pool.share - 1) > pool.n * 5e-7 + 1e-9) {
      problems.push(`shares of pool ${JSON.stringify(key)} sum to ${pool.share}`);
    }
  }
  const windowed = new Map<string, number>();
  let expectFrom = 0;
  for (const w of report.windows) {
    if (
      !Number.isFinite(w.fromSec) ||
      !Number.isFinite(w.toSec) ||
      w.fromSec !== expectFrom ||
      w.toSec <= w.fromSec
    ) {
      problems.push(`window [${w.fromSec}, ${w.toSec}) does not follow ${expectFrom}`);
      break;
    }
    expectFrom = w.toSec;
    for (const [id, n] of Object.entries(w.requests)) windowed.set(id, (windowed.get(id) ?? 0) + n);
  }
  if (
    report.windows.length > 0 &&
    Math.abs(expectFrom - scenario.durationSec) > 1e-9 * scenario.durationSec
  ) {
    problems.push(`windows end at ${expectFrom}, not at durationSec ${scenario.durationSec}`);
  }
  for (const [id, n] of perId) {
    if ((windowed.get(id) ?? 0) !== n)
      problems.push(`target ${id}: windows sum to ${windowed.get(id) ?? 0}, requests ${n}`);
  }
  problems.push(...unbindInvariant(scenario, report));
  problems.push(...weightZeroInvariant(scenario, report));
  return problems;
}

/** Pools binding each target id over the run (initial targets, bind, scale, setPort renames). */
function poolsById(scenario: Scenario): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (id: string, pool: string): void => {
    let s = out.get(id);
    if (s === undefined) out.set(id, (s = new Set()));
    s.add(pool);
  };
  for (const l of scenario.listeners) {
    for (const t of l.targets) add(t.id, l.id);
    for (const r of l.rules) for (const t of r.targets) add(t.id, `${l.id}/${r.id}`);
  }
  for (const e of scenario.events) {
    const pool = 'listener' in e ? `${e.listener}${e.rule === undefined ? '' : `/${e.rule}`}` : '';
    if (e.op === 'bind') for (const t of e.targets) add(t.id, pool);
    if (e.op === 'scale') for (const l of e.add) add(`${l.id}:${e.port}`, pool);
    if (e.op === 'setPort') {
      for (const id of e.targets) add(`${id.slice(0, id.lastIndexOf(':'))}:${e.port}`, pool);
    }
  }
  return out;
}

/** After an explicit unbind that is never undone, a target id bound by one pool gets no request. */
function unbindInvariant(scenario: Scenario, report: Report): string[] {
  const pools = poolsById(scenario);
  const lastUnbind = new Map<string, number>();
  const touchedLater = new Set<string>();
  for (const e of scenario.events) {
    if (e.op === 'unbind') for (const id of e.targets) lastUnbind.set(id, e.atSec);
    if (e.op === 'bind') for (const t of e.targets) touchedLater.add(t.id);
    if (e.op === 'scale') for (const l of e.add) touchedLater.add(`${l.id}:${e.port}`);
    if (e.op === 'setPort') {
      for (const id of e.targets) {
        touchedLater.add(id);
        touchedLater.add(`${id.slice(0, id.lastIndexOf(':'))}:${e.port}`);
      }
    }
  }
  const problems: string[] = [];
  for (const [id, at] of lastUnbind) {
    if (touchedLater.has(id) || (pools.get(id)?.size ?? 0) !== 1) continue;
    for (const w of report.windows) {
      if (w.fromSec >= at && (w.requests[id] ?? 0) > 0) {
        problems.push(
          `target ${id} unbound at ${at} s got ${w.requests[id]} requests in [${w.fromSec}, ${w.toSec})`,
        );
        break;
      }
    }
  }
  return problems;
}

/** A target whose weight was 0 all run, in a pool without persistence, gets no request. */
function weightZeroInvariant(scenario: Scenario, report: Report): string[] {
  const sessions = new Map<string, boolean>();
  for (const l of scenario.listeners) {
    sessions.set(`${l.id}\u0000`, l.session !== null);
    for (const r of l.rules) sessions.set(`${l.id}\u0000${r.id}`, r.session !== null);
  }
  const problems: string[] = [];
  for (const s of report.servers) {
    if (sessions.get(`${s.listener}\u0000${s.rule ?? ''}`) !== false) continue;
    if (s.weights.every((w) => w.weight === 0) && s.requests > 0) {
      problems.push(
        `target ${s.listener}/${s.target} always had weight 0 but got ${s.requests} requests`,
      );
    }
  }
  return problems;
}
