/**
 * Unknown fields in a scenario: a misspelt `"weigth": 0` must not run silently at the default
 * weight. Walks the raw JSON beside the document schema (`ScenarioSchema`, composed from the part
 * schemas, so a field added to a part is known here at once and the JSON Schema says the same) and
 * reports every key the schema does not have at that place, with its JSON path and the closest
 * known key. Notes are allowed everywhere: `description`, `$schema` and keys starting with `_` or
 * `x-` (SPEC section 4).
 *
 * Only the structure is followed here; types and values are the part schemas' business, so a value
 * of the wrong type is skipped. Objects in a union (targets) are matched to the option they fit
 * best, and a key that belongs to another option is left to the shape check. O(size of the JSON);
 * the recursion follows the schema, so its depth is the schema's (a handful), whatever the input.
 */
import type * as v from 'valibot';
import { didYouMean } from '../did-you-mean.js';
import type { Issue } from '../errors.js';
import { childPath } from './json-path.js';
import { ScenarioSchema } from './scenario-input.js';
import { isNoteKey, isPlainObject } from './schema-fields.js';

/** The parts of a valibot schema this walk looks at. */
interface SchemaNode {
  readonly type: string;
  readonly kind?: string;
  readonly wrapped?: SchemaNode;
  readonly pipe?: readonly SchemaNode[];
  readonly entries?: Readonly<Record<string, SchemaNode>>;
  readonly item?: SchemaNode;
  readonly options?: readonly SchemaNode[];
  readonly key?: string;
  readonly literal?: unknown;
}

/** Every unknown key of a scenario, in document order. */
export function unknownKeys(json: unknown, schema: v.GenericSchema = ScenarioSchema): Issue[] {
  const issues: Issue[] = [];
  walk(schema, json, '', issues);
  return issues;
}

function walk(schema: SchemaNode, value: unknown, path: string, issues: Issue[]): void {
  if (schema.wrapped !== undefined) {
    walk(schema.wrapped, value, path, issues);
    return;
  }
  if (schema.pipe !== undefined) {
    // pipe[0] is the schema the pipe is built on (its fields are copied onto the pipe itself).
    for (const item of schema.pipe) if (item.kind === 'schema') walk(item, value, path, issues);
    return;
  }
  if (schema.entries !== undefined) {
    if (isPlainObject(value)) walkObject(schema.entries, value, path, issues, new Set());
    return;
  }
  if (schema.item !== undefined) {
    if (Array.isArray(value))
      value.forEach((x, i) => {
        walk(schema.item!, x, childPath(path, i), issues);
      });
    return;
  }
  if (schema.options !== undefined && isPlainObject(value)) walkChoice(schema, value, path, issues);
}

function walkObject(
  entries: Readonly<Record<string, SchemaNode>>,
  value: Record<string, unknown>,
  path: string,
  issues: Issue[],
  elsewhere: ReadonlySet<string>,
): void {
  const known = Object.keys(entries).filter((k) => !isNoteKey(k));
  for (const key of Object.keys(value)) {
    const entry = Object.hasOwn(entries, key) ? entries[key] : undefined;
    if (entry !== undefined) {
      walk(entry, value[key], childPath(path, key), issues);
    } else if (!isNoteKey(key) && !elsewhere.has(key)) {
      issues.push({ path: childPath(path, key), message: unknownField(key, known) });
    }
  }
}

/** The message for an unknown key, with the closest known one or the list of known ones. */
export function unknownField(key: string, known: readonly string[]): string {
  const hint = didYouMean(key, known);
  if (hint !== '') return `unknown field${hint}`;
  return `unknown field; the fields here are ${known.join(', ')} (notes go in "description" or keys starting with "_" or "x-")`;
}

/** A variant (by its discriminator) or a union of objects (the option with fewest unknown keys). */
function walkChoice(
  schema: SchemaNode,
  value: Record<string, unknown>,
  path: string,
  issues: Issue[],
): void {
  const objects = schema.options!.map(objectEntries).filter((e) => e !== null);
  if (objects.length === 0) return;
  if (schema.type === 'variant' && schema.key !== undefined) {
    const tag = value[schema.key];
    const match = objects.find((e) => e[schema.key!]?.literal === tag);
    // An unknown discriminator is reported by the part schema; its other keys mean nothing yet.
    if (match !== undefined) walkObject(match, value, path, issues, new Set());
    return;
  }
  const misses = (e: Readonly<Record<string, SchemaNode>>) =>
    Object.keys(value).filter((k) => !Object.hasOwn(e, k) && !isNoteKey(k)).length;
  let best = objects[0]!;
  for (const e of objects) if (misses(e) < misses(best)) best = e;
  const elsewhere = new Set(objects.flatMap((e) => Object.keys(e)));
  walkObject(best, value, path, issues, elsewhere);
}

/** The entries of an object schema, looking through wrappers and pipes; null for other schemas. */
function objectEntries(schema: SchemaNode): Readonly<Record<string, SchemaNode>> | null {
  if (schema.entries !== undefined) return schema.entries;
  if (schema.wrapped !== undefined) return objectEntries(schema.wrapped);
  for (const item of schema.pipe ?? []) {
    if (item.kind === 'schema' && item !== schema) {
      const found = objectEntries(item);
      if (found !== null) return found;
    }
  }
  return null;
}
