/**
 * Generates `scenario.schema.json` (shipped as `lbsim/scenario.schema.json`) from the valibot
 * document schema `ScenarioSchema` with @valibot/to-json-schema. `npm run schema:update` writes
 * it; `scenario-schema.test.ts` regenerates it and fails when the checked-in file differs.
 *
 * What does not convert is given by hand or left out (documented in `$comment`):
 * - custom checks with a transform (protocol in any letter case, security-group port, popularity)
 *   get a JSON Schema written here;
 * - `check` actions become `integer`/`minimum`/`maximum`/`exclusiveMinimum` when their message
 *   says the bound (`must be an integer in 1..65535`, `a finite number > 0`, `>= 0`); the others
 *   (IP addresses and CIDR blocks, session timeouts per layer) are left to `validateScenario`.
 * - Every object allows notes — `description`, `$schema` and keys starting with `_` or `x-` — and
 *   refuses any other unknown key, as `validateScenario` does (`unknown-keys.ts`), so an editor
 *   flags a misspelt field.
 */
import { toJsonSchema, type JsonSchema } from '@valibot/to-json-schema';
import type * as v from 'valibot';
import { ScenarioSchema } from '../../src/scenario/scenario-input.js';
import { NOTE_KEYS } from '../../src/scenario/schema-fields.js';
import {
  ListenerSchema,
  SecurityGroupRuleSchema,
  TrafficSchema,
} from '../../src/scenario/schema.js';

const NOTE_PATTERN = '^(_|x-)';

/** The custom schema at the head of a part's pipe (inside `optional`), which the converter visits. */
function head(schema: v.GenericSchema): unknown {
  const inner = 'wrapped' in schema ? (schema.wrapped as v.GenericSchema) : schema;
  return 'pipe' in inner ? (inner.pipe as readonly unknown[])[0] : inner;
}

/** Hand-written JSON Schemas for the part schemas with custom checks and transforms. */
const BY_HAND = new Map<unknown, JsonSchema>([
  [
    head(ListenerSchema.pipe[1].entries.protocol),
    {
      description:
        'TCP, UDP, TCP_SSL (or "TCP SSL"), HTTP, HTTPS. lbsim accepts any letter case; this schema upper or lower case.',
      enum: ['TCP', 'UDP', 'TCP_SSL', 'TCP SSL', 'HTTP', 'HTTPS'].flatMap((p) => [
        p,
        p.toLowerCase(),
      ]),
    },
  ],
  [
    head(SecurityGroupRuleSchema.pipe[1].entries.port),
    {
      description: 'A port N (number or string), a range "N-M", or "ALL".',
      anyOf: [
        { type: 'integer', minimum: 1, maximum: 65535 },
        { type: 'string', pattern: '^([Aa][Ll][Ll]|[0-9]{1,5}(-[0-9]{1,5})?)$' },
      ],
    },
  ],
  [
    head(TrafficSchema.pipe[1].entries.popularity),
    {
      description: '"uniform", or { "zipf": s } with s > 0.',
      anyOf: [
        { const: 'uniform' },
        {
          type: 'object',
          properties: { zipf: { type: 'number', exclusiveMinimum: 0 } },
          required: ['zipf'],
          additionalProperties: false,
        },
      ],
    },
  ],
]);

/** What a `check` action's message says about the bound it checks, when it says it plainly. */
function boundOf(message: unknown): JsonSchema | null {
  if (typeof message !== 'function') return null;
  const text = (message as (issue: { input: unknown }) => string)({ input: undefined });
  const range = /^must be an integer in (\d+)\.\.(\d+) \(got /.exec(text);
  if (range !== null) {
    return { type: 'integer', minimum: Number(range[1]), maximum: Number(range[2]) };
  }
  if (text.startsWith('must be a finite number > 0 (got ')) return { exclusiveMinimum: 0 };
  if (text.startsWith('must be a finite number >= 0 (got ')) return { minimum: 0 };
  return null;
}

/** Allows notes (`description`, `$schema`, `_…`, `x-…`) on every object and refuses other unknown keys. */
function strictObjects(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(strictObjects);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  for (const value of Object.values(schema)) strictObjects(value);
  if (schema.type === 'object' && typeof schema.properties === 'object') {
    const properties = schema.properties as Record<string, JsonSchema>;
    for (const note of NOTE_KEYS) {
      if (!(note in properties)) properties[note] = { type: 'string' };
    }
    schema.patternProperties = { [NOTE_PATTERN]: {} };
    schema.additionalProperties = false;
  }
}

/** The JSON Schema of a scenario file, as published. */
export function scenarioJsonSchema(): JsonSchema {
  const body = toJsonSchema(ScenarioSchema, {
    target: 'draft-07',
    errorMode: 'ignore',
    overrideSchema: ({ valibotSchema }) => BY_HAND.get(valibotSchema) ?? null,
    overrideAction: ({ valibotAction, jsonSchema }) => {
      if (valibotAction.type !== 'check') return null;
      const bound = boundOf((valibotAction as { message?: unknown }).message);
      return bound === null ? jsonSchema : { ...jsonSchema, ...bound };
    },
  }) as Record<string, unknown>;
  strictObjects(body);
  return {
    $schema: body.$schema,
    title: 'lbsim scenario',
    $comment:
      'Generated from the valibot schema by `npm run schema:update`; do not edit. It checks the shape of a scenario (fields, types, enumerations, integer ranges). lbsim validate also checks what a JSON Schema cannot: IP addresses and CIDR blocks, ids that refer to existing instances, listeners and security groups, unique ids and ports, layer-4 versus layer-7 fields, session timeouts per layer, algorithm and persistence combinations, and request caps.',
    ...body,
  } as JsonSchema;
}
