/**
 * Which backends a load balancer may bind (SPEC section 1, "Backends" and "Cross-network
 * binding"). Same-VPC mode binds instances of the load balancer's region and VPC; cross-region
 * binding 1.0 binds instances of one VPC in exactly one other region; non-VPC-IPs mode binds
 * instances anywhere and IDC addresses (`{ ip }` targets, with a SNAT IP, in six regions). In every
 * mode an instance must not be isolated or expired and must have bandwidth; a stopped one can be
 * bound (it is simply down). ENI targets follow the rules of the instance the ENI is attached to.
 *
 * Stateful: cross-region 1.0 remembers the first other-region VPC it sees, so check targets in
 * scenario order (listeners, then events in time order) for messages that name the right culprit;
 * the mode and the ENIs' instances follow `setBackendMode` and `moveEni` events.
 */
import { quoteText, type Issue } from '../errors.js';
import { NON_VPC_IP_REGIONS } from './defaults.js';
import { childPath } from './json-path.js';
import type { EniSpec, InstanceSpec, LoadBalancerSpec, TargetSpec } from './types.js';

/** Checks targets against the binding rules of one load balancer. */
export class BindingChecker {
  /** The load balancer, with the binding mode in force at the time being checked. */
  #lb: LoadBalancerSpec;
  readonly #instances = new Map<string, InstanceSpec>();
  readonly #eniOwner = new Map<
    string,
    { readonly instance: InstanceSpec; readonly eni: EniSpec }
  >();
  /** Ids of instances whose own entry is malformed: targets naming them are not checked. */
  readonly #unreadable: ReadonlySet<string>;
  /** Some instance entry is malformed, so an unknown ENI may be one of its. */
  readonly #someUnreadable: boolean;
  #crossRegion: {
    readonly region: string;
    readonly vpcId: string;
    readonly instance: string;
  } | null = null;

  /**
   * @param instances the well-formed instances
   * @param seen every instance id written in the scenario, well-formed or not
   * @param someMalformed whether some instance entry failed its schema
   */
  constructor(
    lb: LoadBalancerSpec,
    instances: readonly InstanceSpec[],
    seen: ReadonlySet<string>,
    someMalformed: boolean,
  ) {
    this.#lb = lb;
    for (const instance of instances) this.addInstance(instance);
    const unreadable = new Set(seen);
    for (const instance of instances) unreadable.delete(instance.id);
    this.#unreadable = unreadable;
    this.#someUnreadable = someMalformed;
  }

  /** Registers an instance (also one an auto-scaling group launches). The first of an id wins. */
  addInstance(instance: InstanceSpec): void {
    if (this.#instances.has(instance.id)) return;
    this.#instances.set(instance.id, instance);
    for (const eni of instance.enis) {
      if (!this.#eniOwner.has(eni.id)) this.#eniOwner.set(eni.id, { instance, eni });
    }
  }

  /**
   * The binding mode changed (a `setBackendMode` event): later targets are checked against it.
   * Cross-region 1.0 chooses its VPC again, from the next target checked.
   */
  switchMode(lb: LoadBalancerSpec): void {
    this.#lb = lb;
    this.#crossRegion = null;
  }

  /** An ENI moved to another instance (a `moveEni` event): its targets follow that instance's rules. */
  moveEni(eni: string, to: InstanceSpec): void {
    const owner = this.#eniOwner.get(eni);
    if (owner !== undefined) this.#eniOwner.set(eni, { instance: to, eni: owner.eni });
  }

  /**
   * What the binding mode in force says against a target already bound (the rules of its region,
   * VPC and kind; not those of its instance's state, checked when it was bound), as sentences.
   */
  modeProblems(target: TargetSpec): string[] {
    if (target.kind === 'ip') return this.#checkIp('').map((issue) => issue.message);
    const instance = this.ownerOf(target);
    if (instance === undefined) return [];
    return this.#modeProblems(instance).map((p) => `instance ${quoteText(instance.id)} ${p}`);
  }

  /** The instance with this id, if it is known and well formed. */
  instance(id: string): InstanceSpec | undefined {
    return this.#instances.get(id);
  }

  /** Whether the id names an instance entry that is malformed (already reported). */
  isUnreadable(id: string): boolean {
    return this.#unreadable.has(id);
  }

  /** The instance a target lives on (instance or ENI targets), if known. */
  ownerOf(target: TargetSpec): InstanceSpec | undefined {
    if (target.kind === 'instance') return this.#instances.get(target.instance);
    if (target.kind === 'eni') return this.#eniOwner.get(target.eni)?.instance;
    return undefined;
  }

  /** Problems with binding `target` (found at `path`); empty when it may be bound. */
  check(target: TargetSpec, path: string): Issue[] {
    if (target.kind === 'ip') return this.#checkIp(childPath(path, 'ip'));
    if (target.kind === 'eni') {
      const at = childPath(path, 'eni');
      const owner = this.#eniOwner.get(target.eni);
      if (owner === undefined) {
        if (this.#someUnreadable) return [];
        return [
          {
            path: at,
            message: `no instance has ENI ${quoteText(target.eni)} attached (an ENI must be listed in an instance's "enis")`,
          },
        ];
      }
      const issues: Issue[] = [];
      if (!owner.eni.ips.includes(target.ip)) {
        issues.push({
          path: childPath(path, 'ip'),
          message: `${quoteText(target.ip)} is not an IP of ENI ${quoteText(target.eni)} (its IPs: ${owner.eni.ips.join(', ')})`,
        });
      }
      if (target.ip === owner.instance.privateIp) {
        issues.push({
          path: childPath(path, 'ip'),
          message: `${quoteText(target.ip)} is the primary private IP of instance ${quoteText(owner.instance.id)}'s primary NIC: bind it as { "instance": ${JSON.stringify(owner.instance.id)} }, not through the ENI option`,
        });
      }
      const lead = `ENI ${quoteText(target.eni)} is attached to instance ${quoteText(owner.instance.id)}, which `;
      for (const problem of this.#instanceProblems(owner.instance)) {
        issues.push({ path: at, message: lead + problem });
      }
      return issues;
    }
    const at = childPath(path, 'instance');
    const instance = this.#instances.get(target.instance);
    if (instance === undefined) {
      if (this.#unreadable.has(target.instance)) return [];
      return [{ path: at, message: `no instance ${quoteText(target.instance)}` }];
    }
    return this.#instanceProblems(instance).map((problem) => ({
      path: at,
      message: `instance ${quoteText(instance.id)} ${problem}`,
    }));
  }

  #checkIp(path: string): Issue[] {
    const lb = this.#lb;
    if (lb.backendMode !== 'non-vpc-ips') {
      return [
        {
          path,
          message: `an IP target (an address outside the load balancer's VPC) needs loadBalancer.backendMode "non-vpc-ips" (this load balancer uses ${quoteText(lb.backendMode)}); bind cloud servers as { "instance": ... }`,
        },
      ];
    }
    const issues: Issue[] = [];
    if (lb.snatIps.length === 0) {
      issues.push({
        path,
        message:
          'binding an IP address outside the VPC needs at least one SNAT IP (loadBalancer.snatIps is empty)',
      });
    }
    if (!NON_VPC_IP_REGIONS.includes(lb.region)) {
      issues.push({
        path,
        message: `binding IP addresses outside the VPC is offered only in ${NON_VPC_IP_REGIONS.join(', ')} (the load balancer is in ${quoteText(lb.region)})`,
      });
    }
    return issues;
  }

  /** Problems with an instance, each phrased to follow `instance "x" `. */
  #instanceProblems(instance: InstanceSpec): string[] {
    const problems: string[] = [];
    if (instance.state === 'isolated' || instance.state === 'expired') {
      problems.push(`is ${instance.state}: isolated and expired instances cannot be bound`);
    }
    if (!(instance.bandwidthMbps > 0)) {
      problems.push(
        'has no peak bandwidth (bandwidthMbps 0): only instances with bandwidth can be bound',
      );
    }
    problems.push(...this.#modeProblems(instance));
    return problems;
  }

  /** Problems with an instance's region and VPC under the binding mode, phrased as above. */
  #modeProblems(instance: InstanceSpec): string[] {
    const lb = this.#lb;
    const problems: string[] = [];
    const where = `${quoteText(instance.region)} / ${quoteText(instance.vpcId)}`;
    if (lb.backendMode === 'same-vpc') {
      if (instance.region !== lb.region || instance.vpcId !== lb.vpcId) {
        problems.push(
          `is in ${where}, not in the load balancer's region and VPC (${quoteText(lb.region)} / ${quoteText(lb.vpcId)}); other regions or VPCs need backendMode "cross-region-v1" or "non-vpc-ips"`,
        );
      }
    } else if (lb.backendMode === 'cross-region-v1') {
      const chosen = this.#crossRegion;
      if (instance.region === lb.region) {
        problems.push(
          `is in the load balancer's own region (${quoteText(lb.region)}); backendMode "cross-region-v1" binds instances of one other region only`,
        );
      } else if (lb.backendRegion !== undefined && instance.region !== lb.backendRegion) {
        problems.push(
          `is in ${quoteText(instance.region)}, but loadBalancer.backendRegion is ${quoteText(lb.backendRegion ?? '')}`,
        );
      } else if (chosen === null) {
        this.#crossRegion = {
          region: instance.region,
          vpcId: instance.vpcId,
          instance: instance.id,
        };
      } else if (chosen.region !== instance.region || chosen.vpcId !== instance.vpcId) {
        problems.push(
          `is in ${where}, but cross-region binding 1.0 binds one VPC of one other region and instance ${quoteText(chosen.instance)} is in ${quoteText(chosen.region)} / ${quoteText(chosen.vpcId)}`,
        );
      }
    }
    return problems;
  }
}
