/**
 * The instances an auto-scaling group launches (`scale` events): the spec of one launched
 * instance, and every instance a scenario has over a run — its own, then those its scale events
 * launch, in time order — for what is sized or named up front (the service model's slots, the
 * report's zones, the work estimate). O(instances + launches), deterministic.
 */
import { DEFAULT_BANDWIDTH_MBPS } from '../scenario/defaults.js';
import type { InstanceSpec, LoadBalancerSpec, ScaleLaunch, Scenario } from '../scenario/types.js';

/**
 * The instance an auto-scaling group launches: in the load balancer's own region and VPC, with the
 * launch's zone and service model (validation filled them in from the event's template).
 */
export function launchedInstance(lb: LoadBalancerSpec | null, launch: ScaleLaunch): InstanceSpec {
  return {
    id: launch.id,
    region: lb?.region ?? '',
    vpcId: lb?.vpcId ?? '',
    privateIp: launch.privateIp,
    state: 'running',
    bandwidthMbps: DEFAULT_BANDWIDTH_MBPS,
    securityGroups: launch.securityGroups,
    enis: [],
    ...(launch.zone === undefined ? {} : { zone: launch.zone }),
    ...(launch.service === undefined ? {} : { service: launch.service }),
  };
}

/**
 * The scenario's instances, then each instance its scale events launch (validation refused a
 * launch reusing an id; the first of an id is kept all the same).
 */
export function instancesOverRun(
  scenario: Pick<Scenario, 'loadBalancer' | 'instances' | 'events'>,
): InstanceSpec[] {
  const all = [...scenario.instances];
  const ids = new Set(all.map((i) => i.id));
  for (const event of scenario.events) {
    if (event.op !== 'scale') continue;
    for (const launch of event.add) {
      if (ids.has(launch.id)) continue;
      ids.add(launch.id);
      all.push(launchedInstance(scenario.loadBalancer, launch));
    }
  }
  return all;
}
