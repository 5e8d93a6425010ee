/**
 * The instances a `scale` event launches, as the run will see them: each launch's security groups,
 * zone and service model are its own when it gives them, else its event's `template` instance's
 * (an auto-scaling group's launch configuration), else none. Launched instances are in the load
 * balancer's region, so a zone must be one of that region's. Problems carry their JSON paths.
 *
 * Cost: O(launches). Deterministic.
 */
import { exampleZone, isZoneOf } from '../cloud/zones.js';
import { quoteText } from '../errors.js';
import { checkService } from '../service/service-schema.js';
import type { DraftEvent } from './draft.js';
import { childPath } from './json-path.js';
import type { ReplayState } from './replay-state.js';
import type { InstanceSpec, ScaleLaunch } from './types.js';

/** A scale event's launches with their template's fields filled in; problems go to `state.issues`. */
export function resolveLaunches(
  state: ReplayState,
  event: DraftEvent & { op: 'scale' },
): ScaleLaunch[] {
  const { issues } = state;
  const { path, fields } = event;
  const region = state.cloud.loadBalancer?.region;
  const template = templateOf(state, event);
  // A template in another region lends no zone: zones belong to one region.
  const templateZone =
    template?.zone !== undefined && region !== undefined && isZoneOf(template.zone, region)
      ? template.zone
      : undefined;
  if (template?.zone !== undefined && region !== undefined && templateZone === undefined) {
    issues.push({
      path: childPath(path, 'template'),
      message: `instance ${quoteText(template.id)} is in zone ${quoteText(template.zone)}, not a zone of the load balancer's region ${quoteText(region)} where instances are launched: give each launch its "zone"`,
    });
  }
  return fields.add.map((launch, j) => {
    const at = childPath(childPath(path, 'add'), j);
    if (launch.zone !== undefined && region !== undefined && !isZoneOf(launch.zone, region)) {
      issues.push({
        path: childPath(at, 'zone'),
        message: `must be a zone of the load balancer's region ${quoteText(region)}, where instances are launched, such as ${quoteText(exampleZone(region))} (got ${quoteText(launch.zone)})`,
      });
    }
    if (launch.service !== undefined) {
      issues.push(...checkService(launch.service, childPath(at, 'service')));
    }
    const zone = launch.zone ?? templateZone;
    const service = launch.service ?? template?.service;
    return {
      id: launch.id,
      privateIp: launch.privateIp,
      securityGroups: launch.securityGroups ?? template?.securityGroups ?? [],
      ...(zone === undefined ? {} : { zone }),
      ...(service === undefined ? {} : { service }),
    };
  });
}

/** The instance a scale event's launches are like, if it names one (reported when unknown). */
function templateOf(
  state: ReplayState,
  event: DraftEvent & { op: 'scale' },
): InstanceSpec | undefined {
  const id = event.fields.template;
  if (id === undefined) return undefined;
  const found = state.cloud.instance(id);
  const { draft } = state;
  if (found === undefined && !draft.seen.instances.has(id) && !draft.eventsIncomplete) {
    state.issues.push({
      path: childPath(event.path, 'template'),
      message: `no instance ${quoteText(id)} (the template is an instance the launches are like)`,
    });
  }
  return found;
}
