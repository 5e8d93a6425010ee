/**
 * Rules across instances and security groups: ids are unique, an ENI is attached to one instance
 * only, every security group an instance names exists, and a zone is one of the instance's region.
 */
import { exampleZone, isZoneOf } from '../cloud/zones.js';
import { quoteText, type Issue } from '../errors.js';
import type { Draft } from './draft.js';
import { childPath } from './json-path.js';
import { checkUnique } from './unique-ids.js';
import { checkService } from '../service/service-schema.js';

/** Problems with instance and security-group ids and references. */
export function checkInstances(draft: Draft): Issue[] {
  const issues = [
    ...checkUnique(
      draft.instances.map((i) => ({ key: i.value.id, path: childPath(i.path, 'id') })),
      'instance id',
    ),
    ...checkUnique(
      draft.securityGroups.map((g) => ({ key: g.value.id, path: childPath(g.path, 'id') })),
      'security group id',
    ),
    ...checkUnique(
      draft.instances.flatMap((i) =>
        i.value.enis.map((e, k) => ({
          key: e.id,
          path: childPath(childPath(childPath(i.path, 'enis'), k), 'id'),
        })),
      ),
      'ENI id',
      'an ENI is attached to one instance at most',
    ),
  ];
  for (const { value, path } of draft.instances) {
    if (value.zone !== undefined && !isZoneOf(value.zone, value.region)) {
      issues.push({
        path: childPath(path, 'zone'),
        message: `must be a zone of the instance's region ${quoteText(value.region)}, such as ${quoteText(exampleZone(value.region))} (got ${quoteText(value.zone)})`,
      });
    }
    if (value.service !== undefined)
      issues.push(...checkService(value.service, childPath(path, 'service')));
    value.securityGroups.forEach((group, k) => {
      if (!draft.seen.securityGroups.has(group)) {
        issues.push({
          path: childPath(childPath(path, 'securityGroups'), k),
          message: `no security group ${quoteText(group)}`,
        });
      }
    });
  }
  return issues;
}
