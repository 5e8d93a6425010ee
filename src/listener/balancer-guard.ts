/**
 * The load balancer's own security groups (`loadBalancer.securityGroups`, optional in the
 * product): inbound rules evaluated at the balancer, on the client's address and the listener's
 * port, before any layer-7 rule or target is chosen. A request they refuse goes no further; the
 * run counts it against its listener (`refused-at-balancer`). Without groups nothing is filtered
 * there (unlike an instance, which drops everything when it has no group).
 *
 * Same semantics and compiler as the instances' groups (`network/security-group.ts`): groups in
 * the listed order, rules concatenated, first match decides, no match drops. Compiled once per
 * listener port, and again when a listed group's rules change. `admits` is O(rules), no allocation.
 */
import { compileAcl, type Acl, type SecurityGroupRules } from '../network/security-group.js';

/** Looks a security group up by id, as it is now (undefined: no such group). */
export type GroupLookup = (id: string) => SecurityGroupRules | undefined;

/** The balancer's groups compiled for each listener's port. */
export class BalancerGuard {
  /** The listed group ids, in order. */
  readonly groups: readonly string[];
  readonly #ports: readonly number[];
  readonly #lookup: GroupLookup;
  #acls: Acl[];

  /**
   * @param ports - each listener's port, in listener order (the index `admits` takes).
   * @param groups - the load balancer's security groups, in order (at least one).
   * @param lookup - the groups' current rules (asked again when one changes).
   */
  constructor(ports: readonly number[], groups: readonly string[], lookup: GroupLookup) {
    this.groups = groups;
    this.#ports = ports;
    this.#lookup = lookup;
    this.#acls = this.#compile();
  }

  /** Whether the groups let client `ipv4` (unsigned 32-bit) reach listener `listener`'s port. */
  admits(listener: number, ipv4: number): boolean {
    return this.#acls[listener]!.allows(ipv4);
  }

  /** Compiles the rules again when `group` is one of the balancer's (its rules were replaced). */
  rulesChanged(group: string): void {
    if (this.groups.includes(group)) this.#acls = this.#compile();
  }

  #compile(): Acl[] {
    const rules = this.groups.flatMap((id) => this.#lookup(id) ?? []);
    return this.#ports.map((port) => compileAcl(rules, port));
  }
}

/** The guard of a scenario's load balancer, or null when it lists no security group. */
export function balancerGuard(
  groups: readonly string[] | undefined,
  ports: readonly number[],
  lookup: GroupLookup,
): BalancerGuard | null {
  return groups === undefined || groups.length === 0
    ? null
    : new BalancerGuard(ports, groups, lookup);
}
