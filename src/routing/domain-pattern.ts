/**
 * Layer-7 domain patterns (SPEC sections 1 and 3), read the way nginx reads `server_name`:
 * an exact name (`www.example.com`), a wildcard with one `*` on a dot border at the start
 * (`*.example.com`) or at the end (`www.example.*`), or a regular expression after `~`
 * (`~^api\d+\.example\.com$`). Names compare case-insensitively; regexes are compiled with the
 * case-insensitive flag for the same reason (nginx compiles server-name regexes caselessly). A leading
 * wildcard needs at least one more label (`*.example.com` matches `a.example.com` and
 * `a.b.example.com`, not `example.com`); a trailing one likewise (`www.example.*` matches
 * `www.example.com` and `www.example.co.uk`). Regexes are RE2 syntax, matched in linear time
 * (`linear-regex.ts`): PCRE's backreferences and lookaround are refused.
 */
import { quoteText } from '../errors.js';
import { compileLinearRegex, type LinearRegex } from './linear-regex.js';

/** A parsed domain pattern. Names, suffixes and prefixes are lower case. */
export type DomainPattern =
  | { readonly kind: 'exact'; readonly name: string }
  /** `*.example.com`: `suffix` is `.example.com`. */
  | { readonly kind: 'leading'; readonly suffix: string }
  /** `www.example.*`: `prefix` is `www.example.`. */
  | { readonly kind: 'trailing'; readonly prefix: string }
  | { readonly kind: 'regex'; readonly regex: LinearRegex };

/** Longest host name DNS allows in text form (RFC 1035, without the trailing dot). */
const MAX_NAME_LENGTH = 253;
/** Dot-separated labels of letters, digits, `-` and `_` (underscores appear in real service names). */
const NAME = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/i;

/**
 * Parses a rule's `domain`.
 *
 * @throws TypeError when it is not a string; RangeError `l7 domain: ...` naming the text otherwise.
 */
export function parseDomainPattern(text: string): DomainPattern {
  if (typeof text !== 'string')
    throw new TypeError(`l7 domain: must be a string, got ${typeof text}`);
  const problem = domainProblem(text);
  if (typeof problem === 'string') {
    throw new RangeError(`l7 domain: ${problem}`);
  }
  return problem;
}

/**
 * Problems with a domain pattern, or null when it is fine. The message reads after a JSON path:
 * `rules[0].domain: a wildcard may hold one "*" only (got "*.*.com")`.
 */
export function checkDomainPattern(text: string): string | null {
  if (typeof text !== 'string') return `must be a string (got ${typeof text})`;
  const problem = domainProblem(text);
  return typeof problem === 'string' ? problem : null;
}

/** Either the parsed pattern or a message saying what is wrong with it. */
function domainProblem(text: string): DomainPattern | string {
  if (text.startsWith('~')) {
    const source = text.slice(1);
    if (source === '') return `a regex domain needs a pattern after "~" (got "~")`;
    const regex = compileLinearRegex(source, true, '~');
    return typeof regex === 'string' ? regex : { kind: 'regex', regex };
  }
  const got = `(got ${quoteText(text)})`;
  if (text === '') return `must not be empty ${got}`;
  const stars = text.split('*').length - 1;
  if (stars > 1) return `a wildcard may hold one "*" only ${got}`;
  let kind: 'exact' | 'leading' | 'trailing' = 'exact';
  let name = text;
  if (stars === 1) {
    if (text.startsWith('*.')) {
      kind = 'leading';
      name = text.slice(2);
    } else if (text.endsWith('.*')) {
      kind = 'trailing';
      name = text.slice(0, -2);
    } else {
      return `a wildcard "*" must start ("*.example.com") or end ("www.example.*") the name, next to a dot ${got}`;
    }
  }
  if (text.length > MAX_NAME_LENGTH) return `must be at most ${MAX_NAME_LENGTH} characters ${got}`;
  if (!NAME.test(name)) {
    return `must be a host name (letters, digits, "-", "_" in dot-separated labels), "*.name", "name.*" or "~regex" ${got}`;
  }
  const lower = name.toLowerCase();
  if (kind === 'leading') return { kind, suffix: `.${lower}` };
  if (kind === 'trailing') return { kind, prefix: `${lower}.` };
  return { kind, name: lower };
}

/**
 * The host part of a `Host` header as domain patterns see it: lower case, without a `:port`
 * suffix and without one trailing dot (`WWW.Example.COM.:8080` → `www.example.com`). A bracketed
 * IPv6 literal keeps its brackets (`[::1]:80` → `[::1]`).
 */
export function normalizeHost(host: string): string {
  let h = host;
  if (h.startsWith('[')) {
    const close = h.indexOf(']');
    if (close >= 0) h = h.slice(0, close + 1);
  } else {
    const colon = h.lastIndexOf(':');
    if (colon >= 0) h = h.slice(0, colon);
  }
  if (h.endsWith('.')) h = h.slice(0, -1);
  return h.toLowerCase();
}

/** Whether a normalised host (see {@link normalizeHost}) matches the pattern. */
export function domainMatches(pattern: DomainPattern, host: string): boolean {
  switch (pattern.kind) {
    case 'exact':
      return host === pattern.name;
    case 'leading':
      return host.length > pattern.suffix.length && host.endsWith(pattern.suffix);
    case 'trailing':
      return host.length > pattern.prefix.length && host.startsWith(pattern.prefix);
    case 'regex':
      return pattern.regex.test(host);
  }
}

/**
 * A canonical text for the pattern, equal for patterns that match the same hosts written with
 * different letter case (`WWW.Example.com` and `www.example.com`); rules sharing it share a domain.
 */
export function domainPatternKey(pattern: DomainPattern): string {
  switch (pattern.kind) {
    case 'exact':
      return pattern.name;
    case 'leading':
      return `*${pattern.suffix}`;
    case 'trailing':
      return `${pattern.prefix}*`;
    case 'regex':
      return `~${pattern.regex.source}`;
  }
}
