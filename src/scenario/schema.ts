/**
 * The structural layer of scenario validation: valibot schemas for each part of the raw scenario
 * JSON (SPEC section 3) — types, required fields, enumerations, ranges — with defaults filled in
 * and messages written to follow a JSON path (`must be an integer in 0..100 (got 101)`).
 *
 * Each schema covers one part (the load balancer, one instance, one listener's own fields, one
 * target, one event, ...) rather than the whole document, so that `validateScenario` can check the
 * parts that are well formed against the domain rules even when others are not, and report every
 * problem at once. Lists whose items are checked on their own are typed `unknown[]` here.
 * Unknown fields are reported by `unknown-keys.ts` against the document schema built from these.
 */
import * as v from 'valibot';
import { ALGORITHMS } from '../balancer/algorithms.js';
import { BOUNDED_LOAD_RANGE } from '../balancer/bounded-load.js';
import { LEAST_REQUEST_BIAS, LEAST_REQUEST_CHOICES, MAX_SLOW_START_SEC } from '../limits.js';
import { didYouMean } from '../did-you-mean.js';
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
  MAX_REQUESTS_PER_CONNECTION,
  MAX_ZIPF,
  MIN_DURATION_SEC,
  MIN_WINDOW_SEC,
  REQUESTS_PER_CONNECTION_DISTRIBUTIONS,
} from './defaults.js';
import { ServiceSchema } from '../service/service-schema.js';
import {
  cidrBlock,
  flag,
  integerIn,
  ipAddress,
  ipv4Address,
  ipv4Block,
  isNoteKey,
  isoDate,
  isPlainObject,
  list,
  must,
  name,
  nonNegative,
  numberIn,
  oneOf,
  portField,
  portRange,
  positive,
  protocol,
  rawList,
  record,
  text,
  weightField,
} from './schema-fields.js';

/** The scenario's own top-level scalars. */
export const TopLevelSchema = record({
  /** A short name for the scenario, shown in the report's header. */
  name: v.optional(text),
  /** What the scenario shows, shown in the report's header. */
  description: v.optional(text),
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
  createdAt: v.optional(isoDate),
  /** Security groups bound to the load balancer itself (in order); absent: none, nothing filtered there. */
  securityGroups: v.optional(list(name)),
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
  zone: v.optional(name),
  service: v.optional(ServiceSchema),
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
  port: v.optional(portField),
});

/** `reschedule` (layer 4 only). */
const RescheduleSchema = record({
  onUnbind: v.optional(flag, DEFAULT_RESCHEDULE.onUnbind),
  onWeightZero: v.optional(flag, DEFAULT_RESCHEDULE.onWeightZero),
  onUnhealthy: v.optional(flag, DEFAULT_RESCHEDULE.onUnhealthy),
  onScale: v.optional(flag, DEFAULT_RESCHEDULE.onScale),
  windowSec: v.optional(integerIn(0, 3600), DEFAULT_RESCHEDULE.windowSec),
});

/** `boundedLoad`: the balance factor c of consistent hashing with bounded loads. */
const boundedLoadField = numberIn(BOUNDED_LOAD_RANGE.min, BOUNDED_LOAD_RANGE.max);
/**
 * Balancing settings a listener or rule may add to its algorithm: slow start (any algorithm that
 * does not hash), least request's bias and choice count, and the bound of bounded loads. Absent: off, or the defaults.
 */
const BalancingSettingFields = {
  slowStartSec: v.optional(integerIn(0, MAX_SLOW_START_SEC)),
  activeRequestBias: v.optional(numberIn(LEAST_REQUEST_BIAS.min, LEAST_REQUEST_BIAS.max)),
  choiceCount: v.optional(integerIn(LEAST_REQUEST_CHOICES.min, LEAST_REQUEST_CHOICES.max)),
  boundedLoad: v.optional(boundedLoadField),
};

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
    ...BalancingSettingFields,
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
    ...BalancingSettingFields,
  });
}

/** A listener's own fields; `targets` and `rules` items are checked one by one. */
export const ListenerSchema = listenerSchema(ALGORITHMS);

/** A layer-7 rule's own fields; absent algorithm/session/healthCheck come from the listener. */
export const RuleSchema = ruleSchema(ALGORITHMS);

/**
 * `kind` and `id`, which `validateScenario` writes on each target: accepted on input so that it
 * accepts its own output, and checked (`read-target.ts`) to agree with what it would write.
 */
function derivedTargetFields<const K extends string>(kind: K) {
  return {
    kind: v.optional(v.literal(kind, must(`"${kind}" for this target's fields, or left out`))),
    id: v.optional(name),
  };
}

/** `{ instance, port, weight }`; port and weight may come from a bind event's defaults. */
export const InstanceTargetSchema = record({
  ...derivedTargetFields('instance'),
  instance: name,
  port: v.optional(portField),
  weight: v.optional(weightField),
});

/** `{ eni, ip, port, weight }`. */
export const EniTargetSchema = record({
  ...derivedTargetFields('eni'),
  eni: name,
  ip: ipAddress,
  port: v.optional(portField),
  weight: v.optional(weightField),
});

/** `{ ip, port, weight }`: an address outside the VPC (non-vpc-ips mode). */
export const IpTargetSchema = record({
  ...derivedTargetFields('ip'),
  ip: ipAddress,
  port: v.optional(portField),
  weight: v.optional(weightField),
});

/** `"uniform"` or `{ "zipf": s }` with s > 0. */
const popularity = v.pipe(
  v.custom<'uniform' | { zipf: number }>(
    (x) =>
      x === 'uniform' ||
      (isPlainObject(x) &&
        typeof x.zipf === 'number' &&
        x.zipf > 0 &&
        x.zipf <= MAX_ZIPF &&
        Object.keys(x).every((k) => k === 'zipf' || isNoteKey(k))),
    (issue) => {
      const extra = isPlainObject(issue.input)
        ? Object.keys(issue.input).find((k) => k !== 'zipf' && !isNoteKey(k))
        : undefined;
      return extra === undefined
        ? must(`"uniform" or { "zipf": s } with 0 < s <= ${MAX_ZIPF}`)(issue)
        : `unknown field ${JSON.stringify(extra)}${didYouMean(extra, ['zipf'])}: must be "uniform" or { "zipf": s }`;
    },
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

/** `traffic.requestsPerConnection`: how many requests a layer-4 connection carries. */
const RequestsPerConnectionSchema = record({
  mean: numberIn(1, MAX_REQUESTS_PER_CONNECTION),
  distribution: v.optional(oneOf(REQUESTS_PER_CONNECTION_DISTRIBUTIONS), 'geometric'),
});

/** `traffic`. */
export const TrafficSchema = record({
  ratePerSec: v.optional(numberIn(0, MAX_RATE_PER_SEC, true), DEFAULT_RATE_PER_SEC),
  clients: v.optional(integerIn(1, MAX_CLIENTS), DEFAULT_CLIENTS),
  popularity: v.optional(popularity, 'uniform'),
  connectionMs: v.optional(numberIn(0, MAX_CONNECTION_MS, true), DEFAULT_CONNECTION_MS),
  clientCidr: v.optional(ipv4Block, DEFAULT_CLIENT_CIDR),
  requestsPerConnection: v.optional(RequestsPerConnectionSchema),
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
