/**
 * Load-balancer-level rules of the cross-network binding modes (SPEC section 1): cross-region
 * binding 1.0 is for public standard load balancers only; non-VPC IPs need a standard (not
 * classic) one, public or internal; `backendRegion` names the other region of cross-region 1.0.
 * The load balancer's own security groups (`securityGroups`) name existing groups, once each.
 */
import { quoteText, type Issue } from '../errors.js';
import type { Draft } from './draft.js';
import { childPath } from './json-path.js';
import type { LoadBalancerSpec } from './types.js';

/** Problems with the load balancer's own settings. */
export function checkLoadBalancer(lb: LoadBalancerSpec): Issue[] {
  const issues: Issue[] = [];
  const mode = `backendMode ${quoteText(lb.backendMode)}`;
  if (lb.backendMode === 'cross-region-v1') {
    if (lb.type !== 'public') {
      issues.push({
        path: 'loadBalancer.backendMode',
        message: `${mode} (cross-region binding 1.0) is for public load balancers only (this one is ${lb.type})`,
      });
    }
    if (lb.kind !== 'standard') {
      issues.push({
        path: 'loadBalancer.backendMode',
        message: `${mode} (cross-region binding 1.0) is not available on classic load balancers (kind "classic")`,
      });
    }
  }
  if (lb.backendMode === 'non-vpc-ips' && lb.kind !== 'standard') {
    issues.push({
      path: 'loadBalancer.backendMode',
      message: `${mode} needs a standard load balancer, not a classic one (kind "classic")`,
    });
  }
  if (lb.backendRegion !== undefined) {
    if (lb.backendMode !== 'cross-region-v1') {
      issues.push({
        path: 'loadBalancer.backendRegion',
        message: `is used only with backendMode "cross-region-v1" (this load balancer uses ${quoteText(lb.backendMode)})`,
      });
    } else if (lb.backendRegion === lb.region) {
      issues.push({
        path: 'loadBalancer.backendRegion',
        message: `must be another region than the load balancer's own (${quoteText(lb.region)})`,
      });
    }
  }
  return issues;
}

/** The load balancer's own security groups exist, each listed once. */
export function checkBalancerGroups(draft: Draft): Issue[] {
  const issues: Issue[] = [];
  const listed = new Set<string>();
  draft.loadBalancer?.securityGroups?.forEach((group, k) => {
    const path = childPath('loadBalancer.securityGroups', k);
    if (!draft.seen.securityGroups.has(group)) {
      issues.push({ path, message: `no security group ${quoteText(group)}` });
    } else if (listed.has(group)) {
      issues.push({ path, message: `lists security group ${quoteText(group)} twice` });
    }
    listed.add(group);
  });
  return issues;
}
