/**
 * Where health probes come from (SPEC section 1, "Health checks"): the load balancer's VIP for
 * public load balancers and for internal ones in a VPC, so a backend's security group must allow
 * the VIP on the target port or the target turns abnormal; classic internal load balancers probe
 * from 169.254.128.0/17, which is always allowed.
 */
import { parseIpv4, parseIpv6 } from '../network/address.js';

/** The block classic internal load balancers probe from; security groups always allow it. */
export const CLASSIC_PROBE_CIDR = '169.254.128.0/17';

/** The parts of a load balancer that decide its probe source. */
export interface ProbeSourceInput {
  readonly type: 'public' | 'internal';
  readonly network: 'vpc' | 'classic';
  readonly vip: string;
}

/** Where a load balancer's probes come from. */
export interface ProbeSource {
  /** The address security groups must allow (the VIP), or null when probes come from {@link CLASSIC_PROBE_CIDR}. */
  readonly address: string | null;
  /** The source as a CIDR block: the VIP as a host (`/32` or `/128`), or {@link CLASSIC_PROBE_CIDR}. */
  readonly cidr: string;
  /** True when security groups cannot block the probes. */
  readonly alwaysAllowed: boolean;
}

/**
 * The source of a load balancer's health probes.
 * @throws AddressError when the VIP is needed and is not an IPv4 or IPv6 address.
 */
export function probeSource(lb: ProbeSourceInput): ProbeSource {
  if (lb.type === 'internal' && lb.network === 'classic') {
    return { address: null, cidr: CLASSIC_PROBE_CIDR, alwaysAllowed: true };
  }
  if (lb.vip.includes(':')) {
    parseIpv6(lb.vip);
    return { address: lb.vip, cidr: `${lb.vip}/128`, alwaysAllowed: false };
  }
  parseIpv4(lb.vip);
  return { address: lb.vip, cidr: `${lb.vip}/32`, alwaysAllowed: false };
}
