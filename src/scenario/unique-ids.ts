/**
 * Uniqueness of ids (instances, security groups, listeners, listener ports, rule ids, target ids):
 * every repeat is reported at its own path, naming where the value first appeared.
 */
import { quoteText, type Issue } from '../errors.js';

/** One keyed item and where it is. */
export interface Keyed {
  readonly key: string;
  readonly path: string;
}

/**
 * Reports each item whose key an earlier item already has.
 *
 * @param what names the key in the message, e.g. `listener id`, `listener port`.
 * @param note an optional explanation appended to the message.
 */
export function checkUnique(items: Iterable<Keyed>, what: string, note?: string): Issue[] {
  const first = new Map<string, string>();
  const issues: Issue[] = [];
  for (const { key, path } of items) {
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, path);
    else {
      const tail = note === undefined ? '' : `; ${note}`;
      issues.push({
        path,
        message: `duplicate ${what} ${quoteText(key)} (first at ${earlier}${tail})`,
      });
    }
  }
  return issues;
}
