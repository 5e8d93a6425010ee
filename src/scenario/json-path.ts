/**
 * JSON paths as messages print them: `listeners[0].targets[2].weight`. The root is `""`.
 * Keys that are not plain identifiers are quoted (`mix["a b"]`) so a path always reads back.
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends an object key or an array index to a path. */
export function childPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (!IDENTIFIER.test(key)) return `${base}[${JSON.stringify(key)}]`;
  return base === '' ? key : `${base}.${key}`;
}
