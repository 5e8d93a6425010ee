import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { L7Router, type RouteRule } from '../../src/routing/l7-router.js';

const r = (domain: string, path = '/', isDefault?: boolean): RouteRule =>
  isDefault === undefined ? { domain, path } : { domain, path, default: isDefault };

describe('L7Router domains', () => {
  it('prefers an exact name over every wildcard and regex', () => {
    const router = new L7Router([
      r('~example'),
      r('www.example.*'),
      r('*.example.com'),
      r('www.example.com'),
    ]);
    expect(router.route('www.example.com', '/')).toBe(3);
    expect(router.route('api.example.com', '/')).toBe(2);
  });

  it('prefers a leading wildcard over a trailing one, and the longest suffix among leading ones', () => {
    const router = new L7Router([
      r('other.net'),
      r('www.example.*'),
      r('*.com'),
      r('*.example.com'),
    ]);
    expect(router.route('www.example.com', '/')).toBe(3);
    expect(router.route('www.foo.com', '/')).toBe(2);
    expect(router.route('www.example.org', '/')).toBe(1);
  });

  it('prefers the trailing wildcard with the longest prefix, then regexes in rule order', () => {
    const router = new L7Router([
      r('default.test'),
      r('www.*'),
      r('www.example.*'),
      r('~^api\\d+\\.'),
      r('~^api'),
    ]);
    expect(router.route('www.example.org', '/')).toBe(2);
    expect(router.route('www.other.org', '/')).toBe(1);
    expect(router.route('api1.example.org', '/')).toBe(3);
    expect(router.route('api.example.org', '/')).toBe(4);
  });

  it('sends unmatched hosts to the first rule’s domain by default', () => {
    const router = new L7Router([
      r('a.example.com', '/a'),
      r('b.example.com'),
      r('a.example.com', '/'),
    ]);
    expect(router.route('unknown.org', '/x')).toBe(2);
    expect(router.route('unknown.org', '/a/1')).toBe(0);
  });

  it('sends unmatched hosts to the domain of the rule marked default', () => {
    const router = new L7Router([r('a.example.com'), r('b.example.com', '/', true)]);
    expect(router.route('unknown.org', '/')).toBe(1);
    expect(router.route('a.example.com', '/')).toBe(0);
  });

  it('matches hosts case-insensitively and without the port', () => {
    const router = new L7Router([r('other.net'), r('WWW.Example.com')]);
    expect(router.route('www.EXAMPLE.com:8080', '/')).toBe(1);
  });

  it('answers 404 when the matched domain has no matching path, without falling back to the default', () => {
    const router = new L7Router([r('default.test', '/'), r('www.example.com', '/api')]);
    expect(router.route('www.example.com', '/img')).toBe(-1);
    expect(router.route('elsewhere.test', '/img')).toBe(0);
    expect(new L7Router([]).route('any', '/')).toBe(-1);
  });

  it('names the rule and field of a bad pattern', () => {
    expect(() => new L7Router([r('ok.test'), r('www.*.com')])).toThrow(
      /l7 router: rules\[1\]\.domain: /,
    );
    expect(() => new L7Router([r('ok.test', '~(')])).toThrow(
      /rules\[0\]\.path: invalid regular expression/,
    );
    expect(() => new L7Router([r('ok.test', 7 as unknown as string)])).toThrow(TypeError);
  });
});

describe('L7Router paths (nginx location order)', () => {
  const d = 'www.example.com';

  it('an exact match wins over a longer prefix and a regex', () => {
    const router = new L7Router([r(d, '/login/'), r(d, '~login'), r(d, '=/login')]);
    expect(router.route(d, '/login')).toBe(2);
    expect(router.route(d, '/login/x')).toBe(1); // exact does not match, the regex beats the plain prefix
    expect(router.route(d, '/login?next=/')).toBe(2);
  });

  it('^~ on the longest prefix stops the regex search, but not when a longer plain prefix matches', () => {
    const router = new L7Router([r(d, '~\\.png$'), r(d, '^~/static/'), r(d, '/static/img/')]);
    expect(router.route(d, '/static/a.png')).toBe(1);
    expect(router.route(d, '/static/img/a.png')).toBe(0);
    expect(router.route(d, '/static/img/a.txt')).toBe(2);
  });

  it('a regex beats a plain prefix, and the first matching regex in rule order wins', () => {
    const router = new L7Router([r(d, '/'), r(d, '~\\.php$'), r(d, '~^/admin')]);
    expect(router.route(d, '/admin/index.php')).toBe(1);
    expect(router.route(d, '/admin/')).toBe(2);
    expect(router.route(d, '/about')).toBe(0);
  });

  it('~* is case-insensitive and ~ is not', () => {
    const router = new L7Router([r(d, '~\\.jpg$'), r(d, '~*\\.png$')]);
    expect(router.route(d, '/a.jpg')).toBe(0);
    expect(router.route(d, '/a.JPG')).toBe(-1);
    expect(router.route(d, '/a.PNG')).toBe(1);
  });

  it('literal prefixes are case-sensitive and the longest wins whatever the rule order', () => {
    const router = new L7Router([r(d, '/img'), r(d, '/img/thumbs'), r(d, '/im')]);
    expect(router.route(d, '/img/thumbs/1.png')).toBe(1);
    expect(router.route(d, '/img/1.png')).toBe(0);
    expect(router.route(d, '/imx')).toBe(2);
    expect(router.route(d, '/IMG/1.png')).toBe(-1);
  });

  it('no matching path is 404', () => {
    const router = new L7Router([r(d, '/api'), r(d, '=/health')]);
    expect(router.route(d, '/')).toBe(-1);
    expect(router.route(d, '/health/x')).toBe(-1);
  });
});

/**
 * Reference: scores every rule whose domain matches with [class, -fixed length, index], takes the
 * least, then restates nginx's location steps on that domain's rules with plain string tests.
 */
function referenceRoute(rules: readonly RouteRule[], rawHost: string, rawPath: string): number {
  if (rules.length === 0) return -1;
  const host = rawHost.replace(/:\d+$/, '').toLowerCase();
  const path = rawPath.split('?')[0]!;
  const keyOf = (domain: string): string =>
    domain.startsWith('~') ? domain : domain.toLowerCase();
  let bestScore: [number, number, number] | undefined;
  rules.forEach((rule, i) => {
    const dom = keyOf(rule.domain);
    let score: [number, number, number] | undefined;
    if (dom.startsWith('~')) {
      if (new RegExp(dom.slice(1), 'i').test(host)) score = [3, 0, i];
    } else if (dom.startsWith('*.')) {
      if (host.endsWith(dom.slice(1)) && host.length > dom.length - 1) score = [1, -dom.length, i];
    } else if (dom.endsWith('.*')) {
      if (host.startsWith(dom.slice(0, -1)) && host.length > dom.length - 1)
        score = [2, -dom.length, i];
    } else if (dom === host) score = [0, 0, i];
    if (score && (bestScore === undefined || compare(score, bestScore) < 0)) bestScore = score;
  });
  const marked = rules.findIndex((rule) => rule.default === true);
  const domainRule = bestScore ? bestScore[2] : marked >= 0 ? marked : 0;
  const key = keyOf(rules[domainRule]!.domain);
  const mine = rules
    .map((rule, i) => ({ rule, i }))
    .filter(({ rule }) => keyOf(rule.domain) === key);
  const exact = mine.find(({ rule }) => rule.path === `=${path}`);
  if (exact) return exact.i;
  const literal = (p: string): string | undefined =>
    p.startsWith('^~') ? p.slice(2) : p.startsWith('/') ? p : undefined;
  const prefixes = mine
    .filter(({ rule }) => {
      const lit = literal(rule.path);
      return lit !== undefined && path.startsWith(lit);
    })
    .sort((a, b) => literal(b.rule.path)!.length - literal(a.rule.path)!.length || a.i - b.i);
  const top = prefixes[0];
  if (top?.rule.path.startsWith('^~')) return top.i;
  const regex = mine.find(({ rule }) => {
    if (rule.path.startsWith('~*')) return new RegExp(rule.path.slice(2), 'i').test(path);
    if (rule.path.startsWith('~')) return new RegExp(rule.path.slice(1)).test(path);
    return false;
  });
  if (regex) return regex.i;
  return top ? top.i : -1;
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
  return 0;
}

describe('L7Router against a reference', () => {
  it('routes like the scored reference for random rule lists, hosts and paths', () => {
    const domain = fc.constantFrom(
      'www.example.com',
      'WWW.example.com',
      'api1.example.com',
      '*.example.com',
      '*.com',
      '*.b.example.com',
      'www.example.*',
      'www.*',
      '~^api\\d+\\.example\\.com$',
      '~example',
    );
    const path = fc.constantFrom(
      '/',
      '/img',
      '/img/',
      '=/img',
      '^~/img',
      '^~/static/',
      '/static',
      '/static/img',
      '=/login',
      '~\\.png$',
      '~*\\.PNG$',
      '~^/api',
    );
    const rule = fc.record({ domain, path, default: fc.option(fc.boolean(), { nil: undefined }) });
    const host = fc.constantFrom(
      'www.example.com',
      'WWW.EXAMPLE.COM:8080',
      'api1.example.com',
      'api.example.com',
      'example.com',
      'www.example.org',
      'a.b.example.com',
      'www.foo.com',
      'other.net',
    );
    const request = fc.constantFrom(
      '/',
      '/img',
      '/img/a.png',
      '/img/A.PNG',
      '/static/x.png',
      '/static/img/y.png',
      '/login',
      '/login?x=1',
      '/api/v1',
      '/IMG',
    );
    fc.assert(
      fc.property(
        fc.array(rule, { maxLength: 8 }),
        fc.array(fc.tuple(host, request), { minLength: 1, maxLength: 10 }),
        (rules, requests) => {
          const router = new L7Router(rules);
          for (const [h, p] of requests) {
            expect(router.route(h, p), `${h} ${p}`).toBe(referenceRoute(rules, h, p));
          }
        },
      ),
      { seed: 42, numRuns: 2000 },
    );
  });
});
