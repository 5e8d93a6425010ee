/**
 * Short renderings of JSON values for messages: `must be an integer in 0..100 (got 101)`.
 * Long strings and containers are abbreviated so that one bad field cannot flood the terminal.
 */

const MAX_TEXT = 40;

/** Renders any value the way a message quotes it: `101`, `"abc"`, `null`, `an array`, `an object`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const text = value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}...` : value;
    return JSON.stringify(text);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** A list of strings quoted for a message: `"a", "b", "c"`. */
export function quoteList(values: readonly string[]): string {
  return values.map((s) => JSON.stringify(s)).join(', ');
}
