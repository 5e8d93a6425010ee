/**
 * The schemas of timed events: the ops, the fields every event has, and each op's own fields.
 * Adding an op: its entry here, its variant in `EventSpec` (types.ts), its handler in
 * cloud/cloud.ts and its check in validate-events.ts — the compiler asks for each.
 */
import * as v from 'valibot';
import { MAX_SLOW_FACTOR } from '../limits.js';
import { MAX_DURATION_SEC } from './defaults.js';
import { ServiceSchema } from '../service/service-schema.js';
import { BACKEND_MODES } from '../cloud/backend-modes.js';
import { SecurityGroupRuleSchema } from './schema.js';
import {
  ipAddress,
  list,
  name,
  numberIn,
  oneOf,
  portField,
  rawList,
  record,
  weightField,
} from './schema-fields.js';

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
  'zoneDown',
  'zoneUp',
  'bindSecurityGroup',
  'unbindSecurityGroup',
  'moveEni',
  'setBackendMode',
  'slow',
  'errors',
  'blackhole',
  'restore',
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

/**
 * An instance an auto-scaling group launches. Its security groups, zone and service model default
 * to the scale event's `template` instance's (validation fills them in), else none.
 */
const LaunchSchema = record({
  id: name,
  privateIp: ipAddress,
  securityGroups: v.optional(list(name)),
  zone: v.optional(name),
  service: v.optional(ServiceSchema),
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
  zoneDown: record({ zone: name }),
  zoneUp: record({ zone: name }),
  bindSecurityGroup: record({ instance: name, securityGroup: name }),
  unbindSecurityGroup: record({ instance: name, securityGroup: name }),
  scale: record({
    listener: name,
    rule: v.optional(name),
    port: portField,
    weight: v.optional(weightField),
    add: v.optional(list(LaunchSchema), () => []),
    remove: v.optional(list(name), () => []),
    template: v.optional(name),
  }),
  moveEni: record({ eni: name, instance: name }),
  setBackendMode: record({
    backendMode: oneOf(BACKEND_MODES),
    backendRegion: v.optional(name),
  }),
  // Service-model events (an instance's `service`): from their time on, for new requests.
  slow: record({ instance: name, factor: numberIn(0, MAX_SLOW_FACTOR, true) }),
  errors: record({ instance: name, errorRate: numberIn(0, 1) }),
  blackhole: record({ instance: name }),
  restore: record({ instance: name }),
} as const;

/** An event op. */
export type EventOp = (typeof EVENT_OPS)[number];
/** An event's op with its op-specific fields, as the op's schema read them. */
export type RawEventFields = {
  [K in EventOp]: { readonly op: K; readonly fields: v.InferOutput<(typeof EVENT_SCHEMAS)[K]> };
}[EventOp];
