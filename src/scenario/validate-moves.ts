/**
 * Checks of the events that move what targets are bound through: an ENI moved to another instance
 * (`moveEni`) and the load balancer's binding mode switched (`setBackendMode`). Like
 * `validate-events.ts`, each applies the event to the cloud model (`cloud/cloud.ts`, where what an
 * op does is written; the allowed switches are in `cloud/backend-modes.ts`) and reports what it
 * refused at the event's own paths; the binding checker then follows the event, so later binds are
 * checked against the ENI's new instance and the new mode.
 *
 * A mode switch is refused while a bound target breaks the new mode: the documentation says what
 * each mode binds, not what becomes of targets bound under the old one, and a load balancer keeps
 * only targets its mode allows, so lbsim asks for them to be unbound first (as it asks for a
 * cross-region 2.0 target of a released instance to be unbound by hand).
 *
 * Cost: O(targets bound) per event. Deterministic.
 */
import { describeModeSwitchProblem } from '../cloud/backend-modes.js';
import type { Refusal } from '../cloud/changes.js';
import { poolKey, poolLabel, type PoolRef } from '../cloud/pool-ref.js';
import { quoteText, type Issue } from '../errors.js';
import type { DraftEvent } from './draft.js';
import { childPath } from './json-path.js';
import { checkLoadBalancer } from './load-balancer-rules.js';
import type { ReplayState } from './replay-state.js';
import type { EventSpec, InstanceSpec } from './types.js';
import { applyToInstance } from './validate-cloud-events.js';

/** moveEni: a known ENI, not a primary NIC, to a known, unreleased instance of its VPC and zone. */
export function validateEniMove(
  state: ReplayState,
  event: DraftEvent & { op: 'moveEni' },
): EventSpec {
  const { draft, cloud, issues } = state;
  const { eni, instance } = event.fields;
  const spec: EventSpec = { atSec: event.atSec, op: 'moveEni', eni, instance };
  const eniPath = childPath(event.path, 'eni');
  const refusals = applyToInstance(state, event, instance, spec);
  // An unknown instance applies nothing: the ENI is still checked.
  const unknownEni: Refusal[] =
    refusals === null && cloud.eniOwner(eni) === undefined
      ? [{ kind: 'noEni', index: 0, eni }]
      : [];
  for (const r of [...(refusals ?? []), ...unknownEni]) {
    if (r.kind === 'noEni') {
      if (draft.instancesIncomplete || draft.eventsIncomplete) continue;
      issues.push({
        path: eniPath,
        message: `no instance has ENI ${quoteText(eni)} attached (an ENI must be listed in an instance's "enis")`,
      });
    } else if (r.kind === 'eniPrimary') {
      const owner = cloud.instance(r.from);
      issues.push({
        path: eniPath,
        message: `ENI ${quoteText(eni)} is the primary NIC of instance ${quoteText(r.from)} (it holds its primary IP ${owner?.privateIp ?? ''}): a primary NIC stays with its instance`,
      });
    } else if (r.kind === 'eniSame') {
      issues.push({
        path: childPath(event.path, 'instance'),
        message: `ENI ${quoteText(eni)} is already attached to instance ${quoteText(instance)}`,
      });
    } else if (r.kind === 'eniElsewhere') {
      issues.push({
        path: childPath(event.path, 'instance'),
        message: `an ENI moves only to an instance of the same VPC and zone: ENI ${quoteText(eni)} is on instance ${quoteText(r.from)} (${where(cloud.instance(r.from))}), instance ${quoteText(instance)} is in ${where(cloud.instance(instance))}`,
      });
    }
  }
  const to = cloud.instance(instance);
  if (refusals !== null && refusals.length === 0 && to !== undefined) {
    state.binding?.moveEni(eni, to);
  }
  return spec;
}

/** `"ap-guangzhou" / "vpc-1" / zone "ap-guangzhou-3"` (or `no zone`). */
function where(instance: InstanceSpec | undefined): string {
  if (instance === undefined) return '?';
  const zone = instance.zone === undefined ? 'no zone' : `zone ${quoteText(instance.zone)}`;
  return `${quoteText(instance.region)} / ${quoteText(instance.vpcId)} / ${zone}`;
}

/**
 * setBackendMode: a switch the product allows, to a mode this load balancer may use, while every
 * bound target is one the new mode allows.
 */
export function validateModeSwitch(
  state: ReplayState,
  event: DraftEvent & { op: 'setBackendMode' },
): EventSpec {
  const { cloud, issues } = state;
  const { backendMode, backendRegion } = event.fields;
  const spec: EventSpec = { atSec: event.atSec, op: 'setBackendMode', backendMode, backendRegion };
  const before = cloud.loadBalancer;
  // A malformed load balancer was reported at its own path.
  if (before === null) return spec;
  const modePath = childPath(event.path, 'backendMode');
  const unfit = checkLoadBalancer({ ...before, backendMode, backendRegion });
  for (const issue of unfit) {
    const field = issue.path.slice(issue.path.lastIndexOf('.') + 1);
    issues.push({ path: childPath(event.path, field), message: issue.message });
  }
  // A mode this load balancer cannot have is not switched to.
  if (unfit.length > 0) return spec;
  for (const r of cloud.apply(spec).refusals) {
    if (r.kind !== 'modeSwitch') continue;
    issues.push({
      path: modePath,
      message: `cannot switch from ${quoteText(before.backendMode)} to ${quoteText(backendMode)}: ${describeModeSwitchProblem(r.problem)}`,
    });
    return spec;
  }
  const binding = state.binding;
  if (binding === null) return spec;
  binding.switchMode(cloud.loadBalancer ?? before);
  if (state.draft.eventsIncomplete) return spec;
  issues.push(...boundTargetProblems(state, modePath, backendMode));
  return spec;
}

/** Each bound target the new mode does not allow, at the event's `backendMode`. */
function boundTargetProblems(state: ReplayState, path: string, mode: string): Issue[] {
  const out: Issue[] = [];
  const seen = new Set<string>();
  for (const listener of state.listeners.values()) {
    const pools: PoolRef[] =
      listener.layer === 4
        ? [{ listener: listener.id }]
        : listener.rules.map((r) => ({ listener: listener.id, rule: r.id }));
    for (const pool of pools) {
      if (seen.has(poolKey(pool))) continue;
      seen.add(poolKey(pool));
      for (const target of state.cloud.targets(pool)?.values() ?? []) {
        const problems = state.binding?.modeProblems(target) ?? [];
        if (problems.length === 0) continue;
        out.push({
          path,
          message: `target ${quoteText(target.id)} of ${poolLabel(pool)} is bound but backendMode ${quoteText(mode)} would not allow it (${problems.join('; ')}): unbind it before switching`,
        });
      }
    }
  }
  return out;
}
