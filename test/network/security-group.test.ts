import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddressError } from '../../src/errors.js';
import { formatIpv4, parseIpv4 } from '../../src/network/address.js';
import { Acl, compileAcl } from '../../src/network/security-group.js';
import type { SecurityGroupRuleSpec, SecurityGroupSpec } from '../../src/scenario/types.js';

const allow = (source: string, port = 'ALL'): SecurityGroupRuleSpec => ({
  source,
  port,
  action: 'allow',
});
const drop = (source: string, port = 'ALL'): SecurityGroupRuleSpec => ({
  source,
  port,
  action: 'drop',
});
const group = (id: string, ...inbound: SecurityGroupRuleSpec[]): SecurityGroupSpec => ({
  id,
  inbound,
});
const ip = parseIpv4;

/**
 * Reference evaluator straight from the SPEC sentence, on strings: walk the rules in order, decode
 * each source with split/Number and compare the top prefix bits as BigInts.
 */
function referenceAllows(
  groups: readonly SecurityGroupSpec[],
  port: number,
  source: string,
): boolean {
  const sourceValue = source.split('.').reduce((acc, part) => acc * 256n + BigInt(part), 0n);
  for (const g of groups) {
    for (const rule of g.inbound) {
      if (rule.source.includes(':')) continue;
      const [address = '', prefixText = '32'] = rule.source.split('/');
      const baseValue = address.split('.').reduce((acc, part) => acc * 256n + BigInt(part), 0n);
      const shift = BigInt(32 - Number(prefixText));
      const sourceMatches = baseValue >> shift === sourceValue >> shift;
      let portMatches: boolean;
      if (rule.port === 'ALL') portMatches = true;
      else {
        const [lo = '', hi = lo] = rule.port.split('-');
        portMatches = Number(lo) <= port && port <= Number(hi);
      }
      if (sourceMatches && portMatches) return rule.action === 'allow';
    }
  }
  return false;
}

describe('compileAcl', () => {
  it('a drop for one client after an allow-all has no effect (the blacklist order trap)', () => {
    const acl = compileAcl([group('sg', allow('0.0.0.0/0'), drop('1.2.3.4'))], 80);
    expect(acl.allows(ip('1.2.3.4'))).toBe(true);
    expect(acl.allows(ip('5.6.7.8'))).toBe(true);
  });

  it('a drop placed before the allow-all blocks that client only', () => {
    const acl = compileAcl([group('sg', drop('1.2.3.4'), allow('0.0.0.0/0'))], 80);
    expect(acl.allows(ip('1.2.3.4'))).toBe(false);
    expect(acl.allows(ip('1.2.3.5'))).toBe(true);
  });

  it('lets health probes from the VIP through only when the VIP is allowed on the target port', () => {
    const vip = ip('203.0.113.10');
    const onPort = [group('sg', allow('203.0.113.10', '8080'), drop('0.0.0.0/0'))];
    const otherPort = [group('sg', allow('203.0.113.10', '22'), allow('10.0.0.0/8', '8080'))];
    expect(compileAcl(onPort, 8080).allows(vip)).toBe(true);
    expect(compileAcl(otherPort, 8080).allows(vip)).toBe(false);
  });

  it('honours port ranges and ALL', () => {
    const groups = [group('sg', allow('0.0.0.0/0', '8000-8080'), allow('10.0.0.0/8', 'ALL'))];
    const client = ip('1.1.1.1');
    expect(compileAcl(groups, 8000).allows(client)).toBe(true);
    expect(compileAcl(groups, 8080).allows(client)).toBe(true);
    expect(compileAcl(groups, 8081).allows(client)).toBe(false);
    expect(compileAcl(groups, 7999).allows(client)).toBe(false);
    expect(compileAcl(groups, 22).allows(ip('10.9.9.9'))).toBe(true);
  });

  it('says it allows all only when a catch-all allow decides first', () => {
    expect(compileAcl([group('sg', allow('0.0.0.0/0'))], 80).allowsAll).toBe(true);
    expect(compileAcl([group('sg', allow('0.0.0.0/0', '80'), drop('1.2.3.4'))], 80).allowsAll).toBe(
      true,
    );
    expect(compileAcl([group('sg', drop('1.2.3.4'), allow('0.0.0.0/0'))], 80).allowsAll).toBe(
      false,
    );
    expect(compileAcl([group('sg', allow('0.0.0.0/0', '81'))], 80).allowsAll).toBe(false);
    expect(compileAcl([], 80).allowsAll).toBe(false);
  });

  it('drops when no rule matches, and with no rules at all', () => {
    expect(compileAcl([group('sg', allow('10.0.0.0/8', '80'))], 80).allows(ip('11.0.0.1'))).toBe(
      false,
    );
    expect(compileAcl([group('sg')], 80).allows(ip('10.0.0.1'))).toBe(false);
    expect(compileAcl([], 80).allows(ip('10.0.0.1'))).toBe(false);
  });

  it('evaluates several groups in the order the instance lists them', () => {
    const strict = group('sg-strict', drop('192.0.2.0/24'));
    const open = group('sg-open', allow('0.0.0.0/0', '80'));
    const client = ip('192.0.2.7');
    expect(compileAcl([strict, open], 80).allows(client)).toBe(false);
    expect(compileAcl([open, strict], 80).allows(client)).toBe(true);
  });

  it('never matches an IPv4 source with an IPv6 rule', () => {
    const acl = compileAcl([group('sg', allow('::/0'), allow('2001:db8::/32', '80'))], 80);
    expect(acl.allows(ip('1.2.3.4'))).toBe(false);
    expect(acl.size).toBe(0);
  });

  it('skips rules for other ports and everything after a catch-all', () => {
    const acl = compileAcl(
      [group('sg', allow('10.0.0.0/8', '22'), drop('0.0.0.0/0', '80'), allow('1.2.3.4'))],
      80,
    );
    expect(acl.size).toBe(1);
    expect(acl.allows(ip('1.2.3.4'))).toBe(false);
  });

  it('rejects bad rules whatever the port, and a bad target port', () => {
    expect(() =>
      compileAcl([group('sg', allow('0.0.0.0/0'), allow('10.0.0.0/8', '99999'))], 80),
    ).toThrow(RangeError);
    expect(() => compileAcl([group('sg', allow('10.0.0/8'))], 80)).toThrow(AddressError);
    expect(() => compileAcl([], 0)).toThrow('security group: port must be');
  });

  it('Acl masks host bits of hand-built entries', () => {
    const acl = new Acl([{ base: ip('10.1.2.3'), mask: 0xff000000, allow: true }]);
    expect(acl.allows(ip('10.200.0.1'))).toBe(true);
  });

  it('agrees with a naive string/BigInt evaluator for random rule lists and sources', () => {
    // Bases come from a few /8s so that random sources often fall in several rules at once.
    const octet = fc.integer({ min: 0, max: 255 });
    const base = fc.tuple(fc.constantFrom(10, 172, 192), octet, octet, octet);
    const source = fc.oneof(
      fc.tuple(base, fc.integer({ min: 0, max: 32 })).map(([b, p]) => `${b.join('.')}/${p}`),
      base.map((b) => b.join('.')),
      fc.constantFrom('0.0.0.0/0', '::/0', '2001:db8::/32'),
    );
    const port = fc.oneof(
      fc.constant('ALL'),
      fc.integer({ min: 1, max: 100 }).map(String),
      fc
        .tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 50 }))
        .map(([lo, span]) => `${lo}-${lo + span}`),
    );
    const rule = fc.record({
      source,
      port,
      action: fc.constantFrom('allow' as const, 'drop' as const),
    });
    const groups = fc.array(
      fc.array(rule, { maxLength: 8 }).map((inbound): SecurityGroupSpec => ({ id: 'sg', inbound })),
      { maxLength: 3 },
    );
    fc.assert(
      fc.property(
        groups,
        fc.integer({ min: 1, max: 120 }),
        fc.array(
          fc.oneof(
            base.map((b) => b.join('.')),
            fc.nat({ max: 0xffffffff }).map(formatIpv4),
          ),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        (gs, targetPort, sources) => {
          const acl = compileAcl(gs, targetPort);
          for (const s of sources) {
            expect(acl.allows(ip(s)), s).toBe(referenceAllows(gs, targetPort, s));
            // allowsAll lets forwarding skip the list: it must never skip a drop.
            if (acl.allowsAll) expect(referenceAllows(gs, targetPort, s), s).toBe(true);
          }
        },
      ),
      { seed: 42, numRuns: 1000 },
    );
  });
});
