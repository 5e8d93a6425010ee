/**
 * Runs one valibot schema from `schema.ts` on one part of the scenario and turns valibot's issues
 * into lbsim's `{ path, message }`: the path in `listeners[0].targets[2].weight` syntax, the
 * message as the schema wrote it, and `is required` for a missing field.
 */
import * as v from 'valibot';
import type { Issue } from '../errors.js';
import { childPath } from './json-path.js';

/** Converts a valibot issue found under `base` into an lbsim issue. */
export function toIssue(base: string, issue: v.BaseIssue<unknown>): Issue {
  let path = base;
  for (const item of issue.path ?? []) {
    const key: unknown = item.key;
    path = childPath(path, typeof key === 'number' ? key : String(key));
  }
  const last = issue.path?.at(-1);
  // valibot reports a missing key on the object itself, with the object's type message.
  const missing = issue.type === 'object' && last?.origin === 'key';
  return { path, message: missing ? 'is required' : issue.message };
}

/**
 * Checks `value` (found at `path`) against `schema`. Returns the output, or null after adding
 * every problem to `issues`.
 */
export function parsePart<const S extends v.GenericSchema>(
  schema: S,
  value: unknown,
  path: string,
  issues: Issue[],
): v.InferOutput<S> | null {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  for (const issue of result.issues) issues.push(toIssue(path, issue));
  return null;
}
