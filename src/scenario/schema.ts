/**
 * The structural layer of scenario validation: valibot schemas for each part of the raw scenario
 * JSON (SPEC section 3) — types, required fields, enumerations, ranges — with defaults filled in
 * and messages written to follow a JSON path (`must be an integer in 0..100 (got 101)`).
 *
 * Each schema covers one part (the load balancer, one instance, one listener's own fields, one
 * target, one event, ...) rather than the whole document, so that `validateScenario` can check the
 * parts that are well formed against the domain rules even when others are not, and report every
 * problem at once. Lists whose items are checked on their own are typed `unknown[]` here.
 * Unknown extra fields are allowed and dropped (SPEC: "add fields freely").
 */
import * as v from 'valibot';
import { ALGORITHMS } from '../balancer/algorithms.js';
import { isIpv4, parseIpv6 } from '../network/address.js';
import { isCidr, parseCidr } from '../network/cidr.js';
import { isPortRange } from '../network/port-range.js';
import {
  DEFAULT_BANDWIDTH_MBPS,
  DEFAULT_CLIENT_CIDR,
  DEFAULT_CLIENTS,
  DEFAULT_CONNECTION_MS,
  DEFAULT_DURATION_SEC,
  DEFAULT_RATE_PER_SEC,
  DEFAULT_RESCHEDULE,
  DEFAULT_SEED,
  DEFAULT_WINDOW_SEC,
  L4_SESSION_TIMEOUT_SEC,
  L7_SESSION_TIMEOUT_SEC,
  MAX_CLIENTS,
  MAX_CONNECTION_MS,
  MAX_DURATION_SEC,
  MAX_MIX_ENTRIES,
  MAX_MIX_TEXT,
  MAX_MIX_WEIGHT,
  MAX_NUMBER,
  MAX_RATE_PER_SEC,
  MAX_ZIPF,
  MIN_DURATION_SEC,
  MIN_WINDOW_SEC,
} from './defaults.js';
import { describeValue, quoteList } from './describe-value.js';
import type { Protocol } from './types.js';

/** A message function: what the value must be, and what it was. */
function must(what: string): (issue: { readonly input: unknown }) => string {
  return (issue) => `must be ${what} (got ${describeValue(issue.input)})`;
}

/** A JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object with the given fields; arrays are refused (valibot's `object` alone accepts them). */
function record<const E extends v.ObjectEntries>(entries: E) {
  return v.pipe(
    v.custom<Record<string, unknown>>(isPlainObject, must('an object')),
    v.object(entries),
  );
}

/** An array of items. */
function list<const S extends v.GenericSchema>(item: S) {
  return v.array(item, must('an array'));
}

/** A list whose items `validateScenario` checks one by one. */
const rawList = list(v.unknown());

const name = v.pipe(
  v.string(must('a non-empty string')),
  v.minLength(1, must('a non-empty string')),
);
const text = v.string(must('a string'));
const flag = v.boolean(must('true or false'));

/** An integer in lo..hi. */
function integerIn(lo: number, hi: number) {
  const message = must(`an integer in ${lo}..${hi}`);
  return v.pipe(
    v.number(message),
    v.check((n) => Number.isInteger(n) && n >= lo && n <= hi, message),
  );
}

/**
 * A number in lo..hi (lo excluded when `open`). Every number the engine uses has bounds it can
 * compute with: simulated milliseconds stay exact integers-ish below 2^53, rates and weights
 * cannot overflow sums, and no product of them reaches Infinity.
 */
function numberIn(lo: number, hi: number, open = false) {
  const message = must(
    open
      ? `a number > ${formatBound(lo)} and <= ${formatBound(hi)}`
      : `a number in ${formatBound(lo)}..${formatBound(hi)}`,
  );
  return v.pipe(
    v.number(message),
    v.check((n) => (open ? n > lo : n >= lo) && n <= hi, message),
  );
}

function formatBound(n: number): string {
  return n >= 1e6 ? n.toExponential().replace('e+', 'e') : String(n);
}

const positive = numberIn(0, MAX_NUMBER, true);
const nonNegative = numberIn(0, MAX_NUMBER);

/** One of the given strings. */
function oneOf<const T extends string>(values: readonly T[]) {
  return v.picklist(values, must(`one of ${quoteList(values)}`));
}

function isIpv6(textValue: string): boolean {
  try {
    parseIpv6(textValue);
    return true;
  } catch {
    return false;
  }
}

const ipAddress = v.pipe(
  v.string(must('an IP address')),
  v.check((s) => isIpv4(s) || isIpv6(s), must('an IPv4 or IPv6 address')),
);
/** The VIP: probes come from it and security groups evaluate IPv4 sources, so IPv4 only. */
const ipv4Address = v.pipe(
  v.string(must('an IPv4 address')),
  v.check(isIpv4, must('an IPv4 address (lbsim evaluates security groups for IPv4 sources)')),
);
const cidrBlock = v.pipe(
  v.string(must('an IP address or CIDR block')),
  v.check(isCidr, must('an IPv4/IPv6 address or CIDR block such as "10.0.0.0/8"')),
);
const ipv4Block = v.pipe(
  v.string(must('an IPv4 CIDR block')),
  v.check(
    (s) => isCidr(s) && parseCidr(s).family === 4,
    must('an IPv4 CIDR block such as "100.64.0.0/10"'),
  ),
);

/** A port 1..65535. */
export const portField = integerIn(1, 65535);
/** A weight 0..100. */
export const weightField = integerIn(0, 100);

/** Security-group port: a number, `"N"`, `"N-M"` or `"ALL"` (any case), normalised to a string. */
const portRange = v.pipe(
  v.custom<string | number>(
    (x) => (typeof x === 'string' || typeof x === 'number') && isPortRange(x),
    must('"ALL", a port "N" or a range "N-M" with ports in 1..65535 and N <= M'),
  ),
  v.transform((x) => (typeof x === 'number' ? String(x) : x.toUpperCase() === 'ALL' ? 'ALL' : x)),
);

const PROTOCOLS: ReadonlyMap<string, Protocol> = new Map([
  ['TCP', 'TCP'],
  ['UDP', 'UDP'],
  ['TCP_SSL', 'TCP_SSL'],
  ['TCP SSL', 'TCP_SSL'],
  ['HTTP', 'HTTP'],
  ['HTTPS', 'HTTPS'],
]);

/** `TCP`, `UDP`, `TCP_SSL` (or `TCP SSL`), `HTTP`, `HTTPS`, in any letter case. */
const protocol = v.pipe(
  v.custom<string>(
    (x) => typeof x === 'string' && PROTOCOLS.has(x.toUpperCase()),
    must('one of "TCP", "UDP", "TCP_SSL", "HTTP", "HTTPS"'),
  ),
  v.transform((x) => PROTOCOLS.get(x.toUpperCase())!),
);

/** The scenario's own top-level scalars. */
export const TopLevelSchema = record({
  seed: v.optional(text, DEFAULT_SEED),
  durationSec: v.optional(numberIn(MIN_DURATION_SEC, MAX_DURATION_SEC), DEFAULT_DURATION_SEC),
});

/** `loadBalancer`. */
export const LoadBalancerSchema = record({
  id: name,
  region: name,
  type: v.optional(oneOf(['public', 'internal']), 'public'),
  network: v.optional(oneOf(['vpc', 'classic']), 'vpc'),
  vpcId: name,
  vip: ipv4Address,
  kind: v.optional(oneOf(['standard', 'classic']), 'standard'),
  backendMode: v.optional(oneOf(['same-vpc', 'cross-region-v1', 'non-vpc-ips']), 'same-vpc'),
  backendRegion: v.optional(name),
  snatIps: v.optional(list(ipAddress), () => []),
});

/** One entry of `instances[]`. */
export const InstanceSchema = record({
  id: name,
  region: name,
  vpcId: name,
  privateIp: ipAddress,
  state: v.optional(oneOf(['running', 'stopped', 'isolated', 'expired']), 'running'),
  bandwidthMbps: v.optional(nonNegative, DEFAULT_BANDWIDTH_MBPS),
  securityGroups: v.optional(list(name), () => []),
  enis: v.optional(
    list(
      record({
        id: name,
        ips: v.pipe(list(ipAddress), v.minLength(1, 'must hold at least one IP address')),
      }),
    ),
    () => [],
  ),
});

/** One inbound security-group rule. */
export const SecurityGroupRuleSchema = record({
  source: cidrBlock,
  port: portRange,
  action: oneOf(['allow', 'drop']),
});

/** One entry of `securityGroups[]`. */
export const SecurityGroupSchema = record({
  id: name,
  inbound: v.optional(list(SecurityGroupRuleSchema), () => []),
});

const SESSION_RANGES = `an integer in ${L4_SESSION_TIMEOUT_SEC.min}..${L4_SESSION_TIMEOUT_SEC.max} (layer 4) or ${L7_SESSION_TIMEOUT_SEC.min}..${L7_SESSION_TIMEOUT_SEC.max} (layer 7)`;

/** `session` (the layer-dependent upper bound is a domain rule). */
const SessionSchema = record({
  timeoutSec: v.pipe(
    v.number(must(SESSION_RANGES)),
    v.check(
      (n) =>
        Number.isInteger(n) && n >= L7_SESSION_TIMEOUT_SEC.min && n <= L7_SESSION_TIMEOUT_SEC.max,
      must(SESSION_RANGES),
    ),
  ),
});

/** `healthCheck`: every field optional, filled from the defaults (listener) or the listener (rule). */
export const HealthCheckSchema = record({
  enabled: v.optional(flag),
  intervalSec: v.optional(integerIn(2, 300)),
  timeoutSec: v.optional(integerIn(2, 60)),
  healthyThreshold: v.optional(integerIn(2, 10)),
  unhealthyThreshold: v.optional(integerIn(2, 10)),
});

/** `reschedule` (layer 4 only). */
const RescheduleSchema = record({
  onUnbind: v.optional(flag, DEFAULT_RESCHEDULE.onUnbind),
  onWeightZero: v.optional(flag, DEFAULT_RESCHEDULE.onWeightZero),
  onUnhealthy: v.optional(flag, DEFAULT_RESCHEDULE.onUnhealthy),
  onScale: v.optional(flag, DEFAULT_RESCHEDULE.onScale),
  windowSec: v.optional(integerIn(0, 3600), DEFAULT_RESCHEDULE.windowSec),
});

/** A listener's own fields, its algorithm one of `algorithms`. */
export function listenerSchema<const T extends string>(algorithms: readonly T[]) {
  return record({
    id: name,
    protocol,
    port: portField,
    algorithm: v.optional(oneOf(algorithms), 'wrr' as T),
    session: v.nullish(SessionSchema),
    healthCheck: v.optional(HealthCheckSchema),
    reschedule: v.optional(RescheduleSchema),
    idleTimeoutSec: v.optional(integerIn(1, 3600)),
    targets: v.optional(rawList, () => []),
    rules: v.optional(rawList, () => []),
  });
}

/** A layer-7 rule's own fields, its algorithm one of `algorithms`. */
export function ruleSchema<const T extends string>(algorithms: readonly T[]) {
  return record({
    id: v.optional(name),
    domain: text,
    path: text,
    default: v.optional(flag, false),
    algorithm: v.optional(oneOf(algorithms)),
    session: v.nullish(SessionSchema),
    healthCheck: v.optional(HealthCheckSchema),
    targets: rawList,
  });
}

/** A listener's own fields; `targets` and `rules` items are checked one by one. */
export const ListenerSchema = listenerSchema(ALGORITHMS);

/** A layer-7 rule's own fields; absent algorithm/session/healthCheck come from the listener. */
export const RuleSchema = ruleSchema(ALGORITHMS);

/** `{ instance, port, weight }`; port and weight may come from a bind event's defaults. */
export const InstanceTargetSchema = record({
  instance: name,
  port: v.optional(portField),
  weight: v.optional(weightField),
});

/** `{ eni, ip, port, weight }`. */
export const EniTargetSchema = record({
  eni: name,
  ip: ipAddress,
  port: v.optional(portField),
  weight: v.optional(weightField),
});

/** `{ ip, port, weight }`: an address outside the VPC (non-vpc-ips mode). */
export const IpTargetSchema = record({
  ip: ipAddress,
  port: v.optional(portField),
  weight: v.optional(weightField),
});

/** `"uniform"` or `{ "zipf": s }` with s > 0. */
const popularity = v.pipe(
  v.custom<'uniform' | { zipf: number }>(
    (x) =>
      x === 'uniform' ||
      (isPlainObject(x) && typeof x.zipf === 'number' && x.zipf > 0 && x.zipf <= MAX_ZIPF),
    must(`"uniform" or { "zipf": s } with 0 < s <= ${MAX_ZIPF}`),
  ),
  v.transform((x): 'uniform' | { readonly zipf: number } =>
    x === 'uniform' ? x : { zipf: x.zipf },
  ),
);

/** One entry of `traffic.mix`. */
const MixSchema = record({
  listener: name,
  host: v.optional(
    v.pipe(text, v.maxLength(MAX_MIX_TEXT, `must be at most ${MAX_MIX_TEXT} characters`)),
  ),
  path: v.optional(
    v.pipe(text, v.maxLength(MAX_MIX_TEXT, `must be at most ${MAX_MIX_TEXT} characters`)),
  ),
  weight: v.optional(numberIn(0, MAX_MIX_WEIGHT, true), 1),
});

/** `traffic`. */
export const TrafficSchema = record({
  ratePerSec: v.optional(numberIn(0, MAX_RATE_PER_SEC, true), DEFAULT_RATE_PER_SEC),
  clients: v.optional(integerIn(1, MAX_CLIENTS), DEFAULT_CLIENTS),
  popularity: v.optional(popularity, 'uniform'),
  connectionMs: v.optional(numberIn(0, MAX_CONNECTION_MS, true), DEFAULT_CONNECTION_MS),
  clientCidr: v.optional(ipv4Block, DEFAULT_CLIENT_CIDR),
  mix: v.optional(
    v.pipe(
      list(MixSchema),
      v.maxLength(MAX_MIX_ENTRIES, `must hold at most ${MAX_MIX_ENTRIES} entries`),
    ),
    () => [],
  ),
});

/** `options`. `maxRequests` has no default here: the caller's option may supply it. */
export const OptionsSchema = record({
  windowSec: v.optional(numberIn(MIN_WINDOW_SEC, MAX_DURATION_SEC), DEFAULT_WINDOW_SEC),
  maxRequests: v.optional(positive),
  maxMemoryMb: v.optional(positive),
  maxEvents: v.optional(integerIn(1, MAX_NUMBER)),
});

/** The event operations. */
export const EVENT_OPS = [
  'setWeight',
  'setPort',
  'bind',
  'unbind',
  'down',
  'up',
  'release',
  'setSecurityGroup',
  'scale',
] as const;

/** Fields every event has. */
export const EventHeadSchema = record({
  atSec: numberIn(0, MAX_DURATION_SEC),
  op: oneOf(EVENT_OPS),
});

/** Which listener (and, on layer 7, which rule) an event acts on, and which of its targets. */
const targetRefs = {
  listener: name,
  rule: v.optional(name),
  target: v.optional(name),
  targets: v.optional(list(name)),
};

/** An instance an auto-scaling group launches. */
const LaunchSchema = record({
  id: name,
  privateIp: ipAddress,
  securityGroups: v.optional(list(name), () => []),
});

/** The op-specific fields of each event. */
export const EVENT_SCHEMAS = {
  setWeight: record({ ...targetRefs, weight: weightField }),
  setPort: record({ ...targetRefs, port: portField }),
  unbind: record(targetRefs),
  bind: record({
    listener: name,
    rule: v.optional(name),
    port: v.optional(portField),
    weight: v.optional(weightField),
    targets: v.pipe(rawList, v.minLength(1, 'must list at least one target')),
  }),
  down: record({ instance: name }),
  up: record({ instance: name }),
  release: record({ instance: name }),
  setSecurityGroup: record({ securityGroup: name, inbound: list(SecurityGroupRuleSchema) }),
  scale: record({
    listener: name,
    rule: v.optional(name),
    port: portField,
    weight: v.optional(weightField),
    add: v.optional(list(LaunchSchema), () => []),
    remove: v.optional(list(name), () => []),
  }),
} as const;

/** The raw (structurally valid) shape of each part. */
export type RawLoadBalancer = v.InferOutput<typeof LoadBalancerSchema>;
/** A structurally valid instance. */
export type RawInstance = v.InferOutput<typeof InstanceSchema>;
/** A structurally valid listener (own fields). */
export type RawListener = v.InferOutput<typeof ListenerSchema>;
/** A structurally valid rule (own fields). */
export type RawRule = v.InferOutput<typeof RuleSchema>;
/** A structurally valid `healthCheck` (fields optional). */
export type RawHealthCheck = v.InferOutput<typeof HealthCheckSchema>;
/** A structurally valid `traffic`. */
export type RawTraffic = v.InferOutput<typeof TrafficSchema>;

/** An event op. */
export type EventOp = (typeof EVENT_OPS)[number];
/** An event's op with its op-specific fields, as the op's schema read them. */
export type RawEventFields = {
  [K in EventOp]: { readonly op: K; readonly fields: v.InferOutput<(typeof EVENT_SCHEMAS)[K]> };
}[EventOp];
