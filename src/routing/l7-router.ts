/**
 * Layer-7 routing: which forwarding rule of an HTTP/HTTPS listener serves a request's host and
 * path (SPEC section 1, "Layer-7 matching"). Modelled on nginx: rules sharing a domain form one
 * virtual server (`server_name`), and a rule's path is one of its `location`s.
 *
 * Domain choice, as nginx `server_name`: exact name; else the leading wildcard with the longest
 * suffix; else the trailing wildcard with the longest prefix; else the first regex in rule order;
 * else the listener's default domain (the domain of the first rule marked `default`, else of the
 * first rule). Hosts compare case-insensitively, without `:port`.
 *
 * Path choice within the domain, as nginx `location`: an exact `=` match wins; else find the
 * longest literal prefix (plain or `^~`; equal lengths go to the earlier rule); if it is `^~`, it
 * wins; else the first matching regex (`~`, `~*`) in rule order; else the longest prefix; else no
 * rule (404). A host that matches a domain never falls back to the default domain for its path.
 *
 * Cost: build O(rules); route O(rules) with regex tests. The caller routes once per traffic-mix
 * entry, so this favours clarity over speed. Deterministic: ties go to rule order.
 */
import {
  checkDomainPattern,
  domainMatches,
  domainPatternKey,
  normalizeHost,
  parseDomainPattern,
  type DomainPattern,
} from './domain-pattern.js';
import {
  checkPathPattern,
  parsePathPattern,
  requestPath,
  type PathPattern,
} from './path-pattern.js';

/** The routing part of a layer-7 forwarding rule. */
export interface RouteRule {
  /** `www.example.com`, `*.example.com`, `www.example.*` or `~regex`. */
  readonly domain: string;
  /** `=/exact`, `^~/prefix`, `~regex`, `~*regex` or `/prefix`. */
  readonly path: string;
  /** Makes this rule's domain the listener's default domain. */
  readonly default?: boolean;
}

export { checkDomainPattern, checkPathPattern };

/** Rules sharing one domain: a virtual server with its locations, in rule order. */
interface DomainGroup {
  readonly pattern: DomainPattern;
  readonly rules: number[];
  readonly paths: PathPattern[];
}

/** Routes (host, path) to the index of the rule serving it. */
export class L7Router {
  readonly #groups: DomainGroup[] = [];
  readonly #exact = new Map<string, DomainGroup>();
  /** Sorted by suffix length, longest first. */
  readonly #leading: DomainGroup[] = [];
  /** Sorted by prefix length, longest first. */
  readonly #trailing: DomainGroup[] = [];
  /** In rule order (of each domain's first rule). */
  readonly #regex: DomainGroup[] = [];
  readonly #default: DomainGroup | undefined;

  /**
   * @param rules - the listener's rules in order; indices returned by {@link L7Router.route} point here.
   * @throws RangeError `l7 router: rules[i].domain: ...` (or `.path`) for a bad pattern; TypeError for one that is not a string.
   */
  constructor(rules: readonly RouteRule[]) {
    const byKey = new Map<string, DomainGroup>();
    let defaultGroup: DomainGroup | undefined;
    rules.forEach((rule, index) => {
      const domain = parseDomainPattern(checked(rule.domain, checkDomainPattern, index, 'domain'));
      const path = parsePathPattern(checked(rule.path, checkPathPattern, index, 'path'));
      const key = domainPatternKey(domain);
      let group = byKey.get(key);
      if (group === undefined) {
        group = { pattern: domain, rules: [], paths: [] };
        byKey.set(key, group);
        this.#groups.push(group);
      }
      group.rules.push(index);
      group.paths.push(path);
      if (rule.default === true && defaultGroup === undefined) defaultGroup = group;
    });
    this.#default = defaultGroup ?? this.#groups[0];
    for (const group of this.#groups) {
      const p = group.pattern;
      if (p.kind === 'exact') this.#exact.set(p.name, group);
      else if (p.kind === 'leading') this.#leading.push(group);
      else if (p.kind === 'trailing') this.#trailing.push(group);
      else this.#regex.push(group);
    }
    // Array#sort is stable, so equal lengths keep rule order (they cannot both match anyway).
    this.#leading.sort((a, b) => affixLength(b.pattern) - affixLength(a.pattern));
    this.#trailing.sort((a, b) => affixLength(b.pattern) - affixLength(a.pattern));
  }

  /** Index of the rule that serves host+path, or -1 (404: the chosen domain has no matching path). */
  route(host: string, path: string): number {
    const group = this.#domainFor(normalizeHost(host));
    return group === undefined ? -1 : locate(group, requestPath(path));
  }

  #domainFor(host: string): DomainGroup | undefined {
    const exact = this.#exact.get(host);
    if (exact !== undefined) return exact;
    for (const group of this.#leading) if (domainMatches(group.pattern, host)) return group;
    for (const group of this.#trailing) if (domainMatches(group.pattern, host)) return group;
    for (const group of this.#regex) if (domainMatches(group.pattern, host)) return group;
    return this.#default;
  }
}

/** Returns the pattern text, or throws naming the rule and field (`l7 router: rules[2].path: ...`). */
function checked(
  text: string,
  check: (text: string) => string | null,
  index: number,
  field: 'domain' | 'path',
): string {
  const problem = check(text);
  if (problem === null) return text;
  const message = `l7 router: rules[${index}].${field}: ${problem}`;
  throw typeof text === 'string' ? new RangeError(message) : new TypeError(message);
}

/** Length of a wildcard's fixed part (what "longest" compares); 0 for other kinds. */
function affixLength(pattern: DomainPattern): number {
  if (pattern.kind === 'leading') return pattern.suffix.length;
  if (pattern.kind === 'trailing') return pattern.prefix.length;
  return 0;
}

/** nginx location choice within one domain; returns a rule index or -1. */
function locate(group: DomainGroup, path: string): number {
  const { rules, paths } = group;
  let best = -1;
  let bestLength = -1;
  for (let i = 0; i < paths.length; i++) {
    const p = paths[i]!;
    if (p.kind === 'exact') {
      if (p.path === path) return rules[i]!;
    } else if (p.kind === 'prefix' && p.prefix.length > bestLength && path.startsWith(p.prefix)) {
      best = i;
      bestLength = p.prefix.length;
    }
  }
  const longest = best < 0 ? undefined : paths[best];
  if (longest?.kind === 'prefix' && longest.stop) return rules[best]!;
  for (let i = 0; i < paths.length; i++) {
    const p = paths[i]!;
    if (p.kind === 'regex' && p.regex.test(path)) return rules[i]!;
  }
  return best < 0 ? -1 : rules[best]!;
}
