/**
 * Checks of the events that change the cloud around the pools rather than a pool's targets:
 * zones going down and up, security groups bound to and unbound from instances. Like `validate-events.ts`, each applies the event to the cloud model
 * (`cloud/cloud.ts`, where what an op does is written) and reports what it refused, at the
 * event's own paths.
 *
 * Cost: O(instances) per event. Deterministic.
 */
import { quoteList } from './describe-value.js';
import type { Refusal } from '../cloud/changes.js';
import type { DraftEvent } from './draft.js';
import { childPath } from './json-path.js';
import type { ReplayState } from './replay-state.js';
import type { EventSpec } from './types.js';

/** zoneDown, zoneUp: some instance is in the zone. */
export function validateZonePower(
  state: ReplayState,
  event: DraftEvent & { op: 'zoneDown' | 'zoneUp' },
): EventSpec {
  const zone = event.fields.zone;
  const spec: EventSpec = { atSec: event.atSec, op: event.op, zone };
  for (const r of state.cloud.apply(spec).refusals) {
    if (r.kind !== 'emptyZone' || state.draft.instancesIncomplete || state.draft.eventsIncomplete) {
      continue;
    }
    const zones = state.cloud.zones();
    state.issues.push({
      path: childPath(event.path, 'zone'),
      message: `no instance is in zone ${JSON.stringify(zone)} (${zones.length === 0 ? 'no instance has a "zone"' : `zones: ${quoteList(zones)}`})`,
    });
  }
  return spec;
}

/**
 * Applies an event that acts on one instance: reports an unknown instance (unless its entry was
 * malformed or events are incomplete) or one released before. The other refusals, for the
 * event's own check; null when the instance is unknown (nothing applied).
 */
export function applyToInstance(
  state: ReplayState,
  event: DraftEvent,
  instance: string,
  spec: EventSpec,
): Refusal[] | null {
  const { draft, issues } = state;
  const at = childPath(event.path, 'instance');
  if (state.cloud.instance(instance) === undefined) {
    if (!draft.seen.instances.has(instance) && !draft.eventsIncomplete) {
      issues.push({ path: at, message: `no instance ${JSON.stringify(instance)}` });
    }
    return null;
  }
  const rest: Refusal[] = [];
  for (const r of state.cloud.apply(spec).refusals) {
    if (r.kind === 'released') {
      issues.push({
        path: at,
        message: `instance ${JSON.stringify(instance)} was released at ${r.atSec} s`,
      });
    } else rest.push(r);
  }
  return rest;
}

/** bindSecurityGroup, unbindSecurityGroup: a known instance and group; bound (or not) before. */
export function validateGroupBinding(
  state: ReplayState,
  event: DraftEvent & { op: 'bindSecurityGroup' | 'unbindSecurityGroup' },
): EventSpec {
  const { draft, issues } = state;
  const { instance, securityGroup } = event.fields;
  const spec: EventSpec = { atSec: event.atSec, op: event.op, instance, securityGroup };
  if (!draft.seen.securityGroups.has(securityGroup)) {
    issues.push({
      path: childPath(event.path, 'securityGroup'),
      message: `no security group ${JSON.stringify(securityGroup)}`,
    });
  }
  for (const r of applyToInstance(state, event, instance, spec) ?? []) {
    if (r.kind === 'groupBound' || r.kind === 'groupNotBound') {
      const now = quoteList(state.cloud.groupIdsOf(instance));
      issues.push({
        path: childPath(event.path, 'securityGroup'),
        message: `security group ${JSON.stringify(securityGroup)} is ${r.kind === 'groupBound' ? 'already' : 'not'} bound to instance ${JSON.stringify(instance)} (its groups then: ${now === '' ? 'none' : now})`,
      });
    }
  }
  return spec;
}
