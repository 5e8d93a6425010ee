/**
 * Where health probes come from (SPEC section 1, "Health checks"), the one home of the rule:
 * - public load balancers probe from their VIP;
 * - internal (standard) load balancers in a VPC probe from their VIP; in the basic network
 *   (`network: "classic"`) their probe source is allowed by default;
 * - classic-type internal load balancers (`kind: "classic"`): only those in a VPC created before
 *   2016-12-05 probe from the VIP; all others are allowed by default.
 * A VIP source must be allowed by the backend's security groups on the probed port, or the target
 * turns abnormal. Sources allowed by default are modelled as 169.254.128.0/17.
 */
import { parseIpv4, parseIpv6 } from '../network/address.js';

/** The block probes allowed by default come from; security groups always allow it. */
export const CLASSIC_PROBE_CIDR = '169.254.128.0/17';

/**
 * Classic-type internal load balancers in a VPC created before this day probe from their VIP;
 * those created on it or later are allowed by default.
 */
export const VIP_PROBE_CUTOFF = '2016-12-05';

/** The parts of a load balancer that decide its probe source. */
export interface ProbeSourceInput {
  readonly type: 'public' | 'internal';
  readonly network: 'vpc' | 'classic';
  readonly vip: string;
  /** Product kind; absent: `standard`. */
  readonly kind?: 'standard' | 'classic' | undefined;
  /** ISO date (`YYYY-MM-DD`, optionally with a time) it was created; absent: after the cutoff. */
  readonly createdAt?: string | undefined;
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

/** Whether a load balancer's probes come from its VIP (else they are allowed by default). */
export function probesFromVip(lb: ProbeSourceInput): boolean {
  if (lb.type === 'public') return true;
  if (lb.network !== 'vpc') return false;
  if (lb.kind !== 'classic') return true;
  // Dates compare as text: `YYYY-MM-DD` sorts chronologically.
  return lb.createdAt !== undefined && lb.createdAt.slice(0, 10) < VIP_PROBE_CUTOFF;
}

/**
 * The source of a load balancer's health probes.
 * @throws AddressError when the VIP is needed and is not an IPv4 or IPv6 address.
 */
export function probeSource(lb: ProbeSourceInput): ProbeSource {
  if (!probesFromVip(lb)) {
    return { address: null, cidr: CLASSIC_PROBE_CIDR, alwaysAllowed: true };
  }
  if (lb.vip.includes(':')) {
    parseIpv6(lb.vip);
    return { address: lb.vip, cidr: `${lb.vip}/128`, alwaysAllowed: false };
  }
  parseIpv4(lb.vip);
  return { address: lb.vip, cidr: `${lb.vip}/32`, alwaysAllowed: false };
}
