/**
 * The whole scenario document as one valibot schema, composed from the part schemas of
 * `schema.ts` (so a field added there appears here), for two uses: the `ScenarioInput` type
 * (what a scenario file may contain, every default optional) and the JSON Schema generated from
 * it (`scenario.schema.json`). `validateScenario` does not use it: it reads part by part to report
 * every problem at once, and applies the domain rules this schema cannot express.
 */
import * as v from 'valibot';
import {
  EniTargetSchema,
  InstanceSchema,
  InstanceTargetSchema,
  IpTargetSchema,
  ListenerSchema,
  LoadBalancerSchema,
  OptionsSchema,
  RuleSchema,
  SecurityGroupSchema,
  TopLevelSchema,
  TrafficSchema,
} from './schema.js';
import { EVENT_OPS, EVENT_SCHEMAS, EventHeadSchema, type EventOp } from './schema-events.js';
import { ALGORITHMS, type Algorithm } from '../balancer/algorithms.js';

// Each part schema is `pipe(custom(isPlainObject), object(entries))`; the document is built from
// the object schemas (a JSON Schema `"type": "object"` refuses arrays as the custom check does).
const target = v.union([
  InstanceTargetSchema.pipe[1],
  EniTargetSchema.pipe[1],
  IpTargetSchema.pipe[1],
]);
const targets = v.array(target);

const bindTargets = v.pipe(targets, v.minLength(1, 'must list at least one target'));

/** Fields an event has beside those of its op. */
type HeadEntries = Omit<(typeof EventHeadSchema)['pipe'][1]['entries'], 'op'>;
/** Op-specific fields whose document form is more precise than the part schema's `unknown[]`. */
interface Overrides {
  readonly bind: { readonly targets: typeof bindTargets };
}
type EventEntries<K extends EventOp> = HeadEntries &
  Omit<
    (typeof EVENT_SCHEMAS)[K]['pipe'][1]['entries'],
    K extends keyof Overrides ? keyof Overrides[K] : never
  > &
  (K extends keyof Overrides ? Overrides[K] : unknown) & {
    readonly op: v.LiteralSchema<K, undefined>;
  };
/** One variant per op: the head, the op's own fields and the op as a literal. */
type EventDocument = { [K in EventOp]: v.ObjectSchema<EventEntries<K>, undefined> }[EventOp];

function eventOf(op: EventOp): EventDocument {
  return v.object({
    ...EventHeadSchema.pipe[1].entries,
    ...EVENT_SCHEMAS[op].pipe[1].entries,
    ...(op === 'bind' ? { targets: bindTargets } : {}),
    op: v.literal(op),
  }) as EventDocument;
}

const event = v.variant('op', EVENT_OPS.map(eventOf));

/**
 * An algorithm as a scenario document names it: a built-in, or a name starting with `x-`. The
 * `x-` names are the published schema's room for a user's own pickers (as `x-` keys are its room
 * for notes): the schema cannot know a user's names, so it accepts any `x-` name and stays strict
 * for the built-ins (an editor flags `magelv`). `validateScenario` accepts a name only when the
 * call's `pickers` declare it, `x-` or not.
 */
export type DocumentAlgorithm = Algorithm | `x-${string}`;

const algorithmName = v.pipe(
  v.union([v.picklist(ALGORITHMS), v.pipe(v.string(), v.regex(/^x-/))]),
  v.description(
    "A built-in algorithm, or your own picker's name starting with x- (given to lbsim by --pickers FILE or the pickers option).",
  ),
) as v.GenericSchema<DocumentAlgorithm>;

/** The document schema whose algorithms are `algorithm`'s (typed by `T`). */
function documentSchema<T extends string>(algorithm: v.GenericSchema<T>) {
  const rule = v.object({
    ...RuleSchema.pipe[1].entries,
    algorithm: v.optional(algorithm),
    targets,
  });
  const listener = v.object({
    ...ListenerSchema.pipe[1].entries,
    algorithm: v.optional(algorithm, 'wrr' as T),
    targets: v.optional(targets),
    rules: v.optional(v.array(rule)),
  });
  return v.object({
    $schema: v.optional(v.string()),
    ...TopLevelSchema.pipe[1].entries,
    loadBalancer: LoadBalancerSchema.pipe[1],
    instances: v.optional(v.array(InstanceSchema.pipe[1])),
    securityGroups: v.optional(v.array(SecurityGroupSchema.pipe[1])),
    listeners: v.pipe(v.array(listener), v.minLength(1, 'must hold at least one listener')),
    traffic: v.optional(TrafficSchema.pipe[1]),
    options: v.optional(OptionsSchema.pipe[1]),
    events: v.optional(v.array(event)),
  });
}

/**
 * A whole scenario document. Besides the scenario's fields it allows `$schema` (the JSON Schema
 * an editor should use) and `description`; an algorithm is a built-in or an `x-` name
 * ({@link DocumentAlgorithm}).
 */
export const ScenarioSchema = documentSchema(algorithmName);

/**
 * What a scenario file may contain: the SPEC's JSON shape with every field that has a default
 * optional. `validateScenario` turns it into a {@link Scenario} (defaults filled in) after
 * checking the domain rules a type cannot express (ids that exist, unique ports, layer-4 versus
 * layer-7 fields, request caps, ...).
 *
 * `Names` are your own pickers' names, allowed wherever an algorithm is named
 * (`ScenarioInput<'my-picker'>`); without them an algorithm is a built-in (completed, a typo is
 * a type error) or an `x-` name ({@link DocumentAlgorithm}).
 */
export type ScenarioInput<Names extends string = never> = v.InferInput<
  ReturnType<typeof documentSchema<DocumentAlgorithm | Names>>
>;

/**
 * Returns its argument unchanged: it exists so an editor completes and checks a scenario written
 * in TypeScript (`const s = defineScenario({ loadBalancer: { ... }, listeners: [ ... ] })`). A
 * misspelt field is a type error. Pass the result to `validateScenario` or `simulate`.
 *
 * Name your own pickers as a type argument to use them as algorithms:
 * `defineScenario<'my-picker'>({ ..., listeners: [{ ..., algorithm: 'my-picker' }] })` (and pass
 * `{ pickers: { 'my-picker': factory } }` when you run it). Names are never inferred from the
 * scenario, so `algorithm: 'magelv'` stays a type error.
 */
export function defineScenario<Names extends string = never>(
  input: ScenarioInput<NoInfer<Names>>,
): ScenarioInput<NoInfer<Names>> {
  return input;
}
