/**
 * Security-group evaluation: the inbound rules of an instance's groups, compiled for one target
 * port into an access-control list over IPv4 sources.
 *
 * Semantics (SPEC section 1, stateful inbound rules): the groups are taken in the order the
 * instance lists them and their rules concatenated in order; the first rule that matches the
 * source and the port decides (allow or drop); no match drops. IPv6 rules never match an IPv4
 * source. Compilation fixes the port, so a rule is kept only if its port range covers the target
 * port, and the list is cut after the first rule that matches every source (nothing after it can
 * ever decide).
 *
 * Complexity: compile O(rules); `allows` O(kept rules) over parallel typed arrays (base, mask,
 * action), no allocation per call. Deterministic: pure function of the rules, port and address.
 */
import { ipv4Mask, parseCidr } from './cidr.js';
import { MAX_PORT, MIN_PORT, parsePortRange } from './port-range.js';

/** One compiled rule: sources `ip` with `(ip ^ base) & mask === 0` are allowed or dropped. */
export interface AclEntry {
  /** Network address, unsigned 32-bit, host bits zero. */
  readonly base: number;
  /** Netmask, unsigned 32-bit (`0` matches every source). */
  readonly mask: number;
  readonly allow: boolean;
}

/** An ordered IPv4 access-control list for one port: first match decides, no match drops. */
export class Acl {
  readonly #bases: Uint32Array;
  readonly #masks: Uint32Array;
  /** 1 allow, 0 drop. */
  readonly #actions: Uint8Array;
  /** Whether every source is allowed: the first rule matches all sources and allows. */
  readonly allowsAll: boolean;

  /** @param entries - rules in evaluation order; `base` is masked here, so host bits may be set. */
  constructor(entries: readonly AclEntry[]) {
    const n = entries.length;
    this.#bases = new Uint32Array(n);
    this.#masks = new Uint32Array(n);
    this.#actions = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const entry = entries[i]!;
      this.#masks[i] = entry.mask;
      this.#bases[i] = entry.base & entry.mask;
      this.#actions[i] = entry.allow ? 1 : 0;
    }
    this.allowsAll = n > 0 && this.#masks[0] === 0 && this.#actions[0] === 1;
  }

  /** How many rules the list evaluates (after dropping rules for other ports and unreachable ones). */
  get size(): number {
    return this.#actions.length;
  }

  /** Whether a source address (unsigned 32-bit IPv4) may reach the port: the first matching rule decides, no match drops. */
  allows(ipv4: number): boolean {
    const bases = this.#bases;
    const masks = this.#masks;
    const n = bases.length;
    for (let i = 0; i < n; i++) {
      if (((ipv4 ^ bases[i]!) & masks[i]!) === 0) return this.#actions[i] === 1;
    }
    return false;
  }
}

/** A security group as `compileAcl` reads it (the scenario's `SecurityGroupSpec` fits). */
export interface SecurityGroupRules {
  readonly inbound: readonly {
    readonly source: string;
    readonly port: string | number;
    readonly action: 'allow' | 'drop';
  }[];
}

/**
 * Compiles the inbound rules of an instance's groups (in the order the instance lists them; rules
 * concatenated in order) for one target port into an ACL over IPv4 sources.
 *
 * @param groups - the instance's security groups, in the instance's order.
 * @param port - the target port, an integer in 1..65535.
 * @throws RangeError for a bad port, or a rule port that is not `"ALL"`, `"N"` or `"N-M"`;
 *   AddressError for a rule source that is not an address or CIDR.
 */
export function compileAcl(groups: readonly SecurityGroupRules[], port: number): Acl {
  if (!Number.isInteger(port) || port < MIN_PORT || port > MAX_PORT) {
    throw new RangeError(
      `security group: port must be an integer in ${MIN_PORT}..${MAX_PORT}, got ${String(port)}`,
    );
  }
  const entries: AclEntry[] = [];
  // Once a rule matches every source, later rules can never decide: keep checking them, skip them.
  let catchAll = false;
  for (const group of groups) {
    for (const rule of group.inbound) {
      // Parse before filtering, so a malformed rule fails whatever port is being compiled.
      const range = parsePortRange(rule.port);
      const source = parseCidr(rule.source);
      if (catchAll || port < range.lo || port > range.hi || source.family !== 4) continue;
      const mask = ipv4Mask(source.prefix);
      entries.push({ base: source.base, mask, allow: rule.action === 'allow' });
      catchAll = mask === 0;
    }
  }
  return new Acl(entries);
}
