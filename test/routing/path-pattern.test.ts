import { describe, expect, it } from 'vitest';
import { checkPathPattern, parsePathPattern, requestPath } from '../../src/routing/path-pattern.js';

describe('path patterns', () => {
  it('reads the five match types', () => {
    expect(parsePathPattern('=/login')).toEqual({ kind: 'exact', path: '/login' });
    expect(parsePathPattern('^~/static/')).toEqual({
      kind: 'prefix',
      prefix: '/static/',
      stop: true,
    });
    expect(parsePathPattern('/img')).toEqual({ kind: 'prefix', prefix: '/img', stop: false });
    const regex = parsePathPattern('~\\.php$');
    expect(regex.kind === 'regex' && regex.regex.flags).toBe('');
    const caseless = parsePathPattern('~*\\.jpg$');
    expect(caseless.kind === 'regex' && caseless.regex.flags).toBe('i');
    expect(caseless.kind === 'regex' && caseless.regex.source).toBe('\\.jpg$');
  });

  it.each([
    ['', 'literal path starts with "/"'],
    ['img', 'literal path starts with "/"'],
    ['=login', 'literal path starts with "/"'],
    ['^~static', 'literal path starts with "/"'],
    ['/a b', 'spaces'],
    ['/a?b=1', '"?"'],
    ['~', 'pattern after "~"'],
    ['~*', 'pattern after "~*"'],
    ['~(', 'invalid regular expression'],
    ['~*[', 'invalid regular expression'],
  ])('rejects %j (%s)', (text, fragment) => {
    expect(checkPathPattern(text)).toContain(fragment);
    expect(checkPathPattern(text)).toContain(JSON.stringify(text));
    expect(() => parsePathPattern(text)).toThrow(RangeError);
  });

  it('accepts good patterns', () => {
    for (const text of ['/', '=/', '^~/', '/img/a.png', '~^/api/v\\d+/', '~*\\.(gif|jpe?g)$']) {
      expect(checkPathPattern(text)).toBeNull();
    }
  });

  it('drops the query and fragment of a request target', () => {
    expect(requestPath('/login?next=/x')).toBe('/login');
    expect(requestPath('/doc#top')).toBe('/doc');
    expect(requestPath('/plain')).toBe('/plain');
  });
});
