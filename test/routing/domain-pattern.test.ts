import { describe, expect, it } from 'vitest';
import {
  checkDomainPattern,
  domainMatches,
  domainPatternKey,
  normalizeHost,
  parseDomainPattern,
} from '../../src/routing/domain-pattern.js';

const matches = (pattern: string, host: string): boolean =>
  domainMatches(parseDomainPattern(pattern), normalizeHost(host));

describe('domain patterns', () => {
  it.each([
    'www.example.com',
    'WWW.Example.COM',
    '*.example.com',
    'www.example.*',
    'localhost',
    '10.0.0.1',
    'my_svc.internal',
    '~^api\\d+\\.example\\.com$',
  ])('accepts %j', (text) => {
    expect(checkDomainPattern(text)).toBeNull();
  });

  it.each([
    ['', 'must not be empty'],
    ['www.*.com', 'must start'],
    ['w*.example.com', 'must start'],
    ['*example.com', 'must start'],
    ['*.*.com', 'one "*" only'],
    ['*', 'must start'],
    ['*.example.*', 'one "*" only'],
    ['www..example.com', 'host name'],
    ['www.example.com:80', 'host name'],
    ['~', 'pattern after "~"'],
    ['~(unclosed', 'invalid regular expression'],
    ['~[z-a]', 'invalid regular expression'],
  ])('rejects %j (%s)', (text, fragment) => {
    expect(checkDomainPattern(text)).toContain(fragment);
    expect(checkDomainPattern(text)).toContain(JSON.stringify(text));
    expect(() => parseDomainPattern(text)).toThrow(RangeError);
  });

  it('rejects a non-string with a TypeError', () => {
    expect(() => parseDomainPattern(42 as unknown as string)).toThrow(TypeError);
    expect(checkDomainPattern(42 as unknown as string)).toContain('must be a string');
  });

  it('matches exact names case-insensitively, ignoring the port and a trailing dot', () => {
    expect(matches('www.example.com', 'WWW.Example.com:8080')).toBe(true);
    expect(matches('WWW.EXAMPLE.COM', 'www.example.com.')).toBe(true);
    expect(matches('www.example.com', 'example.com')).toBe(false);
  });

  it('a leading wildcard needs at least one more label', () => {
    expect(matches('*.example.com', 'a.example.com')).toBe(true);
    expect(matches('*.example.com', 'a.b.example.com')).toBe(true);
    expect(matches('*.example.com', 'example.com')).toBe(false);
    expect(matches('*.example.com', 'badexample.com')).toBe(false);
  });

  it('a trailing wildcard needs at least one more label', () => {
    expect(matches('www.example.*', 'www.example.org')).toBe(true);
    expect(matches('www.example.*', 'www.example.co.uk')).toBe(true);
    expect(matches('www.example.*', 'www.example')).toBe(false);
    expect(matches('www.example.*', 'www.examples.org')).toBe(false);
  });

  it('regexes search the normalised host caselessly', () => {
    expect(matches('~^api\\d+\\.example\\.com$', 'API7.example.com:443')).toBe(true);
    expect(matches('~^api\\d+\\.example\\.com$', 'api.example.com')).toBe(false);
  });

  it('normalises hosts', () => {
    expect(normalizeHost('Example.COM:8080')).toBe('example.com');
    expect(normalizeHost('[::1]:8080')).toBe('[::1]');
    expect(normalizeHost('example.com.')).toBe('example.com');
  });

  it('keys patterns that differ only in letter case alike', () => {
    expect(domainPatternKey(parseDomainPattern('*.Example.com'))).toBe(
      domainPatternKey(parseDomainPattern('*.example.COM')),
    );
    expect(domainPatternKey(parseDomainPattern('www.example.*'))).toBe('www.example.*');
  });
});
