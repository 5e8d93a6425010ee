/**
 * The structural pass of `validateScenario`: reads each part of the raw JSON with its schema
 * (`schema.ts`), fills in defaults (listener → rule inheritance included) and collects every
 * structural problem, producing a `Draft` for the domain rules.
 */
import type * as v from 'valibot';
import type { Issue } from '../errors.js';
import { DEFAULT_HEALTH_CHECK, DEFAULT_IDLE_TIMEOUT_SEC, DEFAULT_RESCHEDULE } from './defaults.js';
import { describeValue } from './describe-value.js';
import type { Draft, DraftEvent, DraftListener, DraftRule, Located, SeenIds } from './draft.js';
import { childPath } from './json-path.js';
import { parsePart } from './parse-part.js';
import { readTarget, type TargetDefaults } from './read-target.js';
import {
  InstanceSchema,
  ListenerSchema,
  listenerSchema,
  LoadBalancerSchema,
  OptionsSchema,
  RuleSchema,
  ruleSchema,
  SecurityGroupSchema,
  TopLevelSchema,
  TrafficSchema,
  type RawHealthCheck,
} from './schema.js';
import { EVENT_SCHEMAS, EventHeadSchema, type RawEventFields } from './schema-events.js';
import { reachOf } from './event-reach.js';
import { isPlainObject } from './schema-fields.js';
import type {
  BalancingSettings,
  HealthCheckSpec,
  Protocol,
  SessionSpec,
  TargetSpec,
} from './types.js';
import type { AlgorithmName } from '../balancer/algorithms.js';
import { BUILT_IN_LOOKUP, type AlgorithmLookup } from '../balancer/user-algorithms.js';

/** The schemas of a listener's and a rule's own fields, for the algorithms a call may name. */
interface BalancingSchemas {
  readonly listener: ReturnType<typeof listenerSchema<string>>;
  readonly rule: ReturnType<typeof ruleSchema<string>>;
}

/** A listener's own fields as its schema read them. */
type ListenerHead = v.InferOutput<BalancingSchemas['listener']>;

const BUILT_IN_SCHEMAS: BalancingSchemas = { listener: ListenerSchema, rule: RuleSchema };

/**
 * Reads a scenario object (the caller has checked it is a plain object); an algorithm must be one
 * of `algorithms`.
 */
export function readScenario(
  json: Record<string, unknown>,
  algorithms: AlgorithmLookup = BUILT_IN_LOOKUP,
): Draft {
  const schemas: BalancingSchemas =
    algorithms === BUILT_IN_LOOKUP
      ? BUILT_IN_SCHEMAS
      : { listener: listenerSchema(algorithms.names), rule: ruleSchema(algorithms.names) };
  const issues: Issue[] = [];
  const seen: SeenIds = { instances: new Set(), securityGroups: new Set(), listeners: new Set() };
  const top = parsePart(TopLevelSchema, json, '', issues);
  const loadBalancer =
    json.loadBalancer === undefined
      ? (issues.push({ path: 'loadBalancer', message: 'is required' }), null)
      : parsePart(LoadBalancerSchema, json.loadBalancer, 'loadBalancer', issues);

  const instances = readList(json, 'instances', false, issues, (raw, path) => {
    rememberId(raw, seen.instances);
    const value = parsePart(InstanceSchema, raw, path, issues);
    return value === null ? null : { value, path };
  });
  const securityGroups = readList(json, 'securityGroups', false, issues, (raw, path) => {
    rememberId(raw, seen.securityGroups);
    const value = parsePart(SecurityGroupSchema, raw, path, issues);
    return value === null ? null : { value, path };
  });
  const listeners = readList(json, 'listeners', true, issues, (raw, path) => {
    rememberId(raw, seen.listeners);
    return readListener(raw, path, issues, schemas);
  });
  if (Array.isArray(json.listeners) && json.listeners.length === 0) {
    issues.push({ path: 'listeners', message: 'must hold at least one listener' });
  }
  const traffic = parsePart(TrafficSchema, json.traffic ?? {}, 'traffic', issues);
  const options = parsePart(OptionsSchema, json.options ?? {}, 'options', issues);
  let eventsIncomplete = false;
  const uncertainListeners = new Set<string>();
  const events = readList(json, 'events', false, issues, (raw, path, index) => {
    const event = readEvent(raw, path, index, issues);
    if (event === null) {
      const reach = reachOf(raw);
      if (reach?.listener === null) eventsIncomplete = true;
      else if (reach !== null) uncertainListeners.add(reach.listener);
    }
    return event;
  });

  return {
    algorithms,
    name: top?.name,
    description: top?.description,
    seed: top?.seed ?? null,
    durationSec: top?.durationSec ?? null,
    loadBalancer,
    instances,
    instancesIncomplete: Array.isArray(json.instances) && instances.length < json.instances.length,
    securityGroups,
    listeners,
    listenerCount: Array.isArray(json.listeners) ? json.listeners.length : 0,
    traffic,
    events,
    eventsIncomplete,
    uncertainListeners,
    windowSec: options?.windowSec ?? null,
    maxRequests: options?.maxRequests,
    maxMemoryMb: options?.maxMemoryMb,
    maxEvents: options?.maxEvents,
    seen,
    issues,
  };
}

/** Reads `json[key]`, an array (absent: empty, unless required), item by item. */
function readList<T>(
  json: Record<string, unknown>,
  key: string,
  required: boolean,
  issues: Issue[],
  read: (raw: unknown, path: string, index: number) => T | null,
): T[] {
  const raw = json[key];
  if (raw === undefined && !required) return [];
  if (!Array.isArray(raw)) {
    issues.push({
      path: key,
      message: raw === undefined ? 'is required' : `must be an array (got ${describeValue(raw)})`,
    });
    return [];
  }
  const out: T[] = [];
  raw.forEach((item: unknown, i) => {
    const value = read(item, childPath(key, i), i);
    if (value !== null) out.push(value);
  });
  return out;
}

function rememberId(raw: unknown, into: Set<string>): void {
  if (isPlainObject(raw) && typeof raw.id === 'string') into.add(raw.id);
}

/** Fills a listener's or rule's `healthCheck` from `base`; timeout must stay below the interval. */
function resolveHealthCheck(
  given: RawHealthCheck | undefined,
  base: HealthCheckSpec,
  path: string,
  issues: Issue[],
): HealthCheckSpec {
  if (given === undefined) return base;
  let merged: HealthCheckSpec = {
    enabled: given.enabled ?? base.enabled,
    intervalSec: given.intervalSec ?? base.intervalSec,
    timeoutSec: given.timeoutSec ?? base.timeoutSec,
    healthyThreshold: given.healthyThreshold ?? base.healthyThreshold,
    unhealthyThreshold: given.unhealthyThreshold ?? base.unhealthyThreshold,
  };
  const port = given.port ?? base.port;
  if (port !== undefined) merged = { ...merged, port };
  if (merged.timeoutSec >= merged.intervalSec) {
    issues.push({
      path: childPath(path, given.timeoutSec === undefined ? 'intervalSec' : 'timeoutSec'),
      message: `the response timeout must be smaller than the interval (timeoutSec ${merged.timeoutSec}, intervalSec ${merged.intervalSec})`,
    });
  }
  return merged;
}

const LAYER: Readonly<Record<Protocol, 4 | 7>> = { TCP: 4, UDP: 4, TCP_SSL: 4, HTTP: 7, HTTPS: 7 };

/** What a rule inherits from its listener. */
interface RuleDefaults {
  readonly algorithm: AlgorithmName;
  readonly session: SessionSpec | null;
  readonly healthCheck: HealthCheckSpec;
  readonly settings?: BalancingSettings;
}

/** The balancing settings a listener's or rule's fields give (absent fields left out). */
function settingsOf(head: BalancingSettings): BalancingSettings {
  return {
    ...(head.slowStartSec === undefined ? {} : { slowStartSec: head.slowStartSec }),
    ...(head.activeRequestBias === undefined ? {} : { activeRequestBias: head.activeRequestBias }),
    ...(head.choiceCount === undefined ? {} : { choiceCount: head.choiceCount }),
    ...(head.boundedLoad === undefined ? {} : { boundedLoad: head.boundedLoad }),
  };
}

/**
 * A rule's settings: its own; slow start from the listener otherwise; the algorithm's settings
 * from the listener only with the listener's algorithm.
 */
function ruleSettings(
  own: BalancingSettings,
  listener: BalancingSettings,
  ownAlgorithm: boolean,
): BalancingSettings {
  const inherited = ownAlgorithm
    ? settingsOf({ slowStartSec: listener.slowStartSec })
    : settingsOf(listener);
  return { ...inherited, ...own };
}

function readTargets(
  raws: readonly unknown[],
  path: string,
  issues: Issue[],
): { targets: Located<TargetSpec>[]; incomplete: boolean } {
  const targets: Located<TargetSpec>[] = [];
  raws.forEach((raw, i) => {
    const at = childPath(path, i);
    const value = readTarget(raw, at, {}, issues);
    if (value !== null) targets.push({ value, path: at });
  });
  return { targets, incomplete: targets.length !== raws.length };
}

function readListener(
  raw: unknown,
  path: string,
  issues: Issue[],
  schemas: BalancingSchemas,
): DraftListener | null {
  const head = parsePart(schemas.listener, raw, path, issues);
  if (head === null) {
    readInsideBrokenListener(raw, path, issues, schemas);
    return null;
  }
  const layer = LAYER[head.protocol];
  const healthCheck = resolveHealthCheck(
    head.healthCheck,
    DEFAULT_HEALTH_CHECK,
    childPath(path, 'healthCheck'),
    issues,
  );
  const session = head.session ?? null;
  const reschedule = head.reschedule ?? DEFAULT_RESCHEDULE;
  const { targets, rules, incomplete } =
    layer === 4
      ? readLayer4Pool(head, path, issues)
      : readLayer7Rules(
          head,
          path,
          { algorithm: head.algorithm, session, healthCheck, settings: settingsOf(head) },
          issues,
          schemas,
        );
  return {
    path,
    id: head.id,
    protocol: head.protocol,
    layer,
    port: head.port,
    algorithm: head.algorithm,
    session,
    healthCheck,
    reschedule,
    rescheduleSet:
      head.reschedule !== undefined &&
      (reschedule.onUnbind ||
        reschedule.onWeightZero ||
        reschedule.onUnhealthy ||
        reschedule.onScale ||
        reschedule.windowSec !== 0),
    idleTimeoutSec: head.idleTimeoutSec ?? DEFAULT_IDLE_TIMEOUT_SEC[head.protocol],
    settings: settingsOf(head),
    targets,
    rules,
    incomplete,
  };
}

/** A listener's targets and rules as `readListener` returns them. */
interface ListenerContents {
  readonly targets: Located<TargetSpec>[];
  readonly rules: DraftRule[];
  readonly incomplete: boolean;
}

/** A listener whose own fields are wrong: still reports what is wrong inside its targets and rules. */
function readInsideBrokenListener(
  raw: unknown,
  path: string,
  issues: Issue[],
  schemas: BalancingSchemas,
): void {
  if (!isPlainObject(raw)) return;
  const defaults = {
    algorithm: 'wrr',
    session: null,
    healthCheck: DEFAULT_HEALTH_CHECK,
  } as const;
  if (Array.isArray(raw.targets)) readTargets(raw.targets, childPath(path, 'targets'), issues);
  if (Array.isArray(raw.rules)) {
    raw.rules.forEach((r: unknown, i) =>
      readRule(r, childPath(childPath(path, 'rules'), i), defaults, issues, schemas),
    );
  }
}

/** A layer-4 listener: targets held directly, no rules. */
function readLayer4Pool(head: ListenerHead, path: string, issues: Issue[]): ListenerContents {
  if (head.rules.length > 0) {
    issues.push({
      path: childPath(path, 'rules'),
      message: `a layer-4 (${head.protocol}) listener holds targets directly, not forwarding rules`,
    });
  }
  const { targets, incomplete } = readTargets(head.targets, childPath(path, 'targets'), issues);
  return { targets, rules: [], incomplete };
}

/** A layer-7 listener: targets in its forwarding rules, which inherit `defaults` from it. */
function readLayer7Rules(
  head: ListenerHead,
  path: string,
  defaults: RuleDefaults,
  issues: Issue[],
  schemas: BalancingSchemas,
): ListenerContents {
  if (head.targets.length > 0) {
    issues.push({
      path: childPath(path, 'targets'),
      message: `a layer-7 (${head.protocol}) listener holds targets in its rules, not directly`,
    });
  }
  if (head.rules.length === 0) {
    issues.push({
      path: childPath(path, 'rules'),
      message: `a layer-7 (${head.protocol}) listener needs at least one forwarding rule`,
    });
  }
  const rules: DraftRule[] = [];
  let incomplete = false;
  head.rules.forEach((r, i) => {
    const rule = readRule(r, childPath(childPath(path, 'rules'), i), defaults, issues, schemas);
    if (rule === null || rule.incomplete) incomplete = true;
    if (rule !== null) rules.push(rule);
  });
  return { targets: [], rules, incomplete };
}

function readRule(
  raw: unknown,
  path: string,
  defaults: RuleDefaults,
  issues: Issue[],
  schemas: BalancingSchemas,
): DraftRule | null {
  const rule = parsePart(schemas.rule, raw, path, issues);
  if (rule === null) {
    if (isPlainObject(raw) && Array.isArray(raw.targets)) {
      readTargets(raw.targets, childPath(path, 'targets'), issues);
    }
    return null;
  }
  const { targets, incomplete } = readTargets(rule.targets, childPath(path, 'targets'), issues);
  return {
    path,
    id: rule.id ?? `${rule.domain}${rule.path}`,
    domain: rule.domain,
    urlPath: rule.path,
    default: rule.default,
    algorithm: rule.algorithm ?? defaults.algorithm,
    // Absent: the listener's; null: explicitly none.
    session: rule.session === undefined ? defaults.session : rule.session,
    healthCheck: resolveHealthCheck(
      rule.healthCheck,
      defaults.healthCheck,
      childPath(path, 'healthCheck'),
      issues,
    ),
    ownBalancing: rule.algorithm !== undefined || rule.session !== undefined,
    ownAlgorithm: rule.algorithm !== undefined,
    settings: ruleSettings(settingsOf(rule), defaults.settings ?? {}, rule.algorithm !== undefined),
    ownSettings: settingsOf(rule),
    targets,
    incomplete,
  };
}

function readEvent(raw: unknown, path: string, index: number, issues: Issue[]): DraftEvent | null {
  const head = parsePart(EventHeadSchema, raw, path, issues);
  if (head === null) return null;
  const fields: unknown = parsePart(EVENT_SCHEMAS[head.op], raw, path, issues);
  if (fields === null) return null;
  // The schema was chosen by `op`, so the pair is consistent.
  const typed = { op: head.op, fields } as RawEventFields;
  let bindTargets: Located<TargetSpec>[] = [];
  if (typed.op === 'bind') {
    const defaults: TargetDefaults = { port: typed.fields.port, weight: typed.fields.weight };
    bindTargets = typed.fields.targets.flatMap((t, i) => {
      const at = childPath(childPath(path, 'targets'), i);
      const value = readTarget(t, at, defaults, issues);
      return value === null ? [] : [{ value, path: at }];
    });
    if (bindTargets.length !== typed.fields.targets.length) return null;
  }
  return { path, index, atSec: head.atSec, bindTargets, ...typed };
}
