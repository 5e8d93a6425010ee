/**
 * Warnings: scenarios that are valid but almost certainly not what was meant. `validateScenario`
 * returns them in `warnings` (each with its JSON path); the CLI lists them before a run and
 * `--strict` turns them into errors. Checked on a scenario without problems:
 * - a bound instance with no security group (every request to it is blocked, probes fail);
 * - groups that do not allow the probe source on the probed port (the target turns abnormal);
 * - a target whose weight is 0 from the start (it never takes a new request);
 * - a listener no traffic reaches (`traffic.mix` names other listeners only);
 * - a layer-7 rule no mix entry can match;
 * - connection reuse set where no layer-4 listener gets requests (`reuse-rules.ts`).
 *
 * Cost: O(targets × rules of their instance's groups + mix entries × rules). Deterministic.
 */
import type { Issue } from '../errors.js';
import { probeSource } from '../health/probe-source.js';
import { parseIpv4 } from '../network/address.js';
import { compileAcl } from '../network/security-group.js';
import { L7Router } from '../routing/l7-router.js';
import type { Draft, DraftListener, Located } from './draft.js';
import { childPath } from './json-path.js';
import { requestsPerConnectionWarnings } from './reuse-rules.js';
import type { HealthCheckSpec, InstanceSpec, Scenario, TargetSpec } from './types.js';

/** The warnings of a valid scenario, in document order. */
export function scenarioWarnings(draft: Draft, scenario: Scenario): Issue[] {
  const warnings: Issue[] = [];
  const instances = new Map<string, Located<InstanceSpec>>();
  for (const i of draft.instances) if (!instances.has(i.value.id)) instances.set(i.value.id, i);
  const eniOwner = new Map<string, string>();
  for (const { value } of draft.instances) for (const e of value.enis) eniOwner.set(e.id, value.id);
  const groups = new Map(scenario.securityGroups.map((g) => [g.id, g]));
  const source = probeSource(scenario.loadBalancer);
  const probeFrom = source.address === null ? null : parseIpv4(source.address);
  const unguarded = new Set<string>();

  const checkTarget = (t: Located<TargetSpec>, health: HealthCheckSpec): void => {
    if (t.value.weight === 0) {
      warnings.push({
        path: childPath(t.path, 'weight'),
        message: 'is 0 from the start: this target never takes a new request',
      });
    }
    const owner =
      t.value.kind === 'instance'
        ? t.value.instance
        : t.value.kind === 'eni'
          ? eniOwner.get(t.value.eni)
          : undefined;
    const instance = owner === undefined ? undefined : instances.get(owner);
    if (instance === undefined) return;
    if (instance.value.securityGroups.length === 0) {
      unguarded.add(instance.value.id);
      return;
    }
    if (!health.enabled || probeFrom === null) return;
    const port = health.port ?? t.value.port;
    const acl = compileAcl(
      instance.value.securityGroups.flatMap((g) => groups.get(g) ?? []),
      port,
    );
    if (!acl.allows(probeFrom)) {
      warnings.push({
        path: t.path,
        message: `instance ${JSON.stringify(instance.value.id)}'s security groups do not allow the probe source ${source.address ?? ''} on port ${port}: this target will turn abnormal`,
      });
    }
  };

  for (const l of draft.listeners) {
    for (const t of l.targets) checkTarget(t, l.healthCheck);
    for (const r of l.rules) for (const t of r.targets) checkTarget(t, r.healthCheck);
  }
  for (const id of unguarded) {
    warnings.push({
      path: childPath(instances.get(id)!.path, 'securityGroups'),
      message: `instance ${JSON.stringify(id)} is bound but has no security group: every request to it is blocked and its health checks fail`,
    });
  }
  warnings.push(...trafficWarnings(draft, scenario));
  warnings.push(...requestsPerConnectionWarnings(draft, scenario));
  return warnings;
}

/** Listeners no traffic reaches, and layer-7 rules no mix entry can match. */
function trafficWarnings(draft: Draft, scenario: Scenario): Issue[] {
  const warnings: Issue[] = [];
  const mix = scenario.traffic.mix;
  const byId = new Map<string, DraftListener>();
  for (const l of draft.listeners) if (!byId.has(l.id)) byId.set(l.id, l);
  for (const l of byId.values()) {
    const entries =
      mix.length === 0
        ? [{ host: undefined, path: undefined }]
        : mix.filter((e) => e.listener === l.id);
    if (entries.length === 0) {
      warnings.push({
        path: l.path,
        message: `no traffic.mix entry names listener ${JSON.stringify(l.id)}: it gets no requests`,
      });
      continue;
    }
    if (l.layer !== 7) continue;
    const spec = scenario.listeners.find((x) => x.id === l.id)!;
    const router = new L7Router(spec.rules);
    const reached = new Set<number>();
    for (const e of entries) reached.add(router.route(e.host ?? '', e.path ?? '/'));
    l.rules.forEach((r, j) => {
      if (reached.has(j)) return;
      warnings.push({
        path: r.path,
        message: `no traffic.mix entry for listener ${JSON.stringify(l.id)} matches rule ${JSON.stringify(r.id)}: it gets no requests`,
      });
    });
  }
  return warnings;
}
