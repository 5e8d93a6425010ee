/**
 * Layer-7 URL path patterns (SPEC sections 1 and 3), read the way nginx reads `location`:
 * `=/login` exact, `^~/static/` literal prefix that stops the regex search when it is the
 * longest prefix match, `~\.php$` case-sensitive regex, `~*\.jpg$` case-insensitive regex, and
 * `/img` plain prefix. Literal paths start with `/` and compare case-sensitively. Regexes are RE2
 * syntax matched in linear time (`linear-regex.ts`; PCRE's backreferences and lookaround are
 * refused) and search anywhere in the path unless anchored.
 * Request paths are matched without their `?query` and `#fragment`, as given (no decoding).
 */
import { quoteText } from '../errors.js';
import { compileLinearRegex, type LinearRegex } from './linear-regex.js';

/** A parsed path pattern. */
export type PathPattern =
  | { readonly kind: 'exact'; readonly path: string }
  /** `stop` is true for `^~`: when it is the longest prefix match, regexes are not tried. */
  | { readonly kind: 'prefix'; readonly prefix: string; readonly stop: boolean }
  | { readonly kind: 'regex'; readonly regex: LinearRegex };

/**
 * Parses a rule's `path`.
 *
 * @throws TypeError when it is not a string; RangeError `l7 path: ...` naming the text otherwise.
 */
export function parsePathPattern(text: string): PathPattern {
  if (typeof text !== 'string')
    throw new TypeError(`l7 path: must be a string, got ${typeof text}`);
  const problem = pathProblem(text);
  if (typeof problem === 'string') throw new RangeError(`l7 path: ${problem}`);
  return problem;
}

/**
 * Problems with a path pattern, or null when it is fine. The message reads after a JSON path:
 * `rules[0].path: invalid regular expression: ... (got "~(")`.
 */
export function checkPathPattern(text: string): string | null {
  if (typeof text !== 'string') return `must be a string (got ${typeof text})`;
  const problem = pathProblem(text);
  return typeof problem === 'string' ? problem : null;
}

/** Either the parsed pattern or a message saying what is wrong with it. */
function pathProblem(text: string): PathPattern | string {
  const got = `(got ${quoteText(text)})`;
  // `~*` before `~`: a case-sensitive regex cannot start with `*` anyway, so there is no ambiguity.
  for (const [marker, flags] of [
    ['~*', true],
    ['~', false],
  ] as const) {
    if (!text.startsWith(marker)) continue;
    const source = text.slice(marker.length);
    if (source === '') return `a regex path needs a pattern after "${marker}" ${got}`;
    const regex = compileLinearRegex(source, flags, marker);
    return typeof regex === 'string' ? regex : { kind: 'regex', regex };
  }
  let kind: 'exact' | 'stop' | 'prefix' = 'prefix';
  let literal = text;
  if (text.startsWith('=')) {
    kind = 'exact';
    literal = text.slice(1);
  } else if (text.startsWith('^~')) {
    kind = 'stop';
    literal = text.slice(2);
  }
  if (!literal.startsWith('/')) {
    return `must be "/prefix", "=/exact", "^~/prefix", "~regex" or "~*regex" (a literal path starts with "/") ${got}`;
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\s\u0000-\u001f\u007f?#]/.test(literal)) {
    return `a literal path may not hold spaces, control characters, "?" or "#" (the query is not matched) ${got}`;
  }
  if (kind === 'exact') return { kind, path: literal };
  return { kind: 'prefix', prefix: literal, stop: kind === 'stop' };
}

/** The part of a request target that paths match: everything before the first `?` or `#`. */
export function requestPath(target: string): string {
  const cut = target.search(/[?#]/);
  return cut < 0 ? target : target.slice(0, cut);
}
