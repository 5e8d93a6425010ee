/**
 * Short renderings of JSON values for messages: `must be an integer in 0..100 (got 101)`.
 * Long strings and containers are abbreviated so that one bad field cannot flood the terminal.
 */
import { quoteText } from '../errors.js';

/** Longest part of a string value quoted in a message. */
const MAX_TEXT = 40;

/** Renders any value the way a message quotes it: `101`, `"abc"`, `null`, `an array`, `an object`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    return quoteText(value, MAX_TEXT);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** A list of strings quoted for a message: `"a", "b", "c"` (the first 10, then `... (N in all)`). */
export function quoteList(values: readonly string[]): string {
  const shown = values.slice(0, MAX_LISTED).map((s) => quoteText(s));
  if (values.length > MAX_LISTED) shown.push(`... (${values.length} in all)`);
  return shown.join(', ');
}

/** Most items `quoteList` shows. */
const MAX_LISTED = 10;
