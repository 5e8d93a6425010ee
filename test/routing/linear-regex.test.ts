import { describe, expect, it } from 'vitest';
import {
  backtrackingFeature,
  compileLinearRegex,
  MAX_REGEX_LENGTH,
} from '../../src/routing/linear-regex.js';
import { L7Router } from '../../src/routing/l7-router.js';
import { ScenarioError } from '../../src/errors.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { layer7Scenario } from './layer7-scenario.js';

describe('linear-time regexes', () => {
  it('routes a catastrophic-backtracking pattern over a 10,000-character host and path at once', () => {
    // With a backtracking engine `^(a+)+$` on "aaaa…ab" doubles its time per character:
    // 10,000 characters would never finish (vitest's timeout would fail this test).
    const router = new L7Router([
      { domain: '~^(a+)+$', path: '~^/(a+)+$' },
      { domain: 'other.test', path: '/' },
    ]);
    const long = 'a'.repeat(10_000);
    expect(router.route(`${long}b`, '/')).toBe(-1); // default domain (the first), path does not match
    expect(router.route(long, `/${long}b`)).toBe(-1);
    expect(router.route(long, `/${long}`)).toBe(0);
  });

  it('matches ordinary patterns as JavaScript RegExp does', () => {
    const cases: [string, boolean, string[]][] = [
      [
        '^api\\d+\\.example\\.com$',
        true,
        ['api7.example.com', 'API12.example.com', 'api.example.com'],
      ],
      ['\\.php$', false, ['/a.php', '/a.PHP', '/a.php5']],
      ['\\.(gif|jpe?g)$', true, ['/x.JPG', '/x.jpeg', '/x.png']],
      ['^/admin', false, ['/admin/x', '/x/admin']],
      ['[\\w-]+\\.example\\.', true, ['a-b.example.com', '.example.com']],
    ];
    for (const [source, caseless, texts] of cases) {
      const linear = compileLinearRegex(source, caseless, caseless ? '~*' : '~');
      if (typeof linear === 'string') throw new Error(linear);
      const reference = new RegExp(source, caseless ? 'i' : '');
      for (const t of texts) expect(linear.test(t), `${source} on ${t}`).toBe(reference.test(t));
    }
  });

  it.each([
    ['(a)\\1', 'a backreference'],
    ['(?<x>a)\\k<x>', 'a backreference'],
    ['a(?=b)', 'lookahead'],
    ['a(?!b)', 'lookahead'],
    ['(?<=a)b', 'lookbehind'],
    ['(?<!a)b', 'lookbehind'],
  ])('refuses %s: it uses %s', (source, feature) => {
    expect(compileLinearRegex(source, false, '~')).toBe(
      `regex ${JSON.stringify(`~${source}`)} uses ${feature}, which lbsim's linear-time engine does not support`,
    );
  });

  it('does not mistake escapes or class members for backreferences or lookaround', () => {
    expect(backtrackingFeature('\\\\1')).toBeNull();
    expect(backtrackingFeature('[(?=]')).toBeNull();
    expect(backtrackingFeature('[]\\1]')).toBeNull();
    expect(backtrackingFeature('(?:a)(?i)b')).toBeNull();
  });

  it('refuses patterns that are too long or compile too large, with a short message', () => {
    const long = compileLinearRegex('a'.repeat(1_000_000), false, '~');
    expect(long).toMatch(new RegExp(`is 1000000 characters long, over ${MAX_REGEX_LENGTH}$`));
    expect((long as string).length).toBeLessThan(300);
    expect(
      compileLinearRegex(
        '[a-z]{1000}[a-z]{1000}[a-z]{1000}[a-z]{1000}[a-z]{1000}[a-z]{1000}[a-z]{1000}[a-z]{1000}[a-z]{1000}[a-z]{1000}[a-z]{1000}',
        false,
        '~',
      ),
    ).toMatch(/instructions, over/);
  });

  it('reports an unsupported regex at the rule’s JSON path', () => {
    const json = layer7Scenario('~(a)\\1');
    let error: unknown;
    try {
      validateScenario(json);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    expect((error as ScenarioError).issues).toContainEqual({
      path: 'listeners[0].rules[0].path',
      message:
        'regex "~(a)\\\\1" uses a backreference, which lbsim\'s linear-time engine does not support',
    });
  });
});
