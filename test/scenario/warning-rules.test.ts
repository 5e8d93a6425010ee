/** Warnings: valid scenarios that are almost certainly wrong, each at its JSON path. */
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { base, change, type Json } from './fixtures.js';

const warningsOf = (s: Json) => validateScenario(s).warnings ?? [];
const paths = (s: Json) => warningsOf(s).map((w) => w.path);

describe('scenario warnings', () => {
  it('a rule that no mix entry can match (no mix: requests carry no host and path "/")', () => {
    expect(warningsOf(base())).toEqual([
      {
        path: 'listeners[1].rules[1]',
        message:
          'no traffic.mix entry for listener "http-81" matches rule "api": it gets no requests',
      },
    ]);
  });

  it('a listener no traffic reaches, a weight 0 from the start, an instance without groups', () => {
    const s = change(base(), (x) => {
      x.traffic = { mix: [{ listener: 'tcp-80' }] };
      x.listeners[0].targets[1].weight = 0;
      x.instances[0].securityGroups = [];
    });
    expect(paths(s)).toEqual([
      'listeners[0].targets[1].weight',
      'instances[0].securityGroups',
      'listeners[1]',
    ]);
    expect(warningsOf(s)[1]!.message).toContain('every request to it is blocked');
  });

  it('groups that do not allow the probe source on the probed port', () => {
    const s = change(base(), (x) => {
      x.traffic = {
        mix: [
          { listener: 'tcp-80' },
          { listener: 'http-81', host: 'api.example.com', path: '/' },
          { listener: 'http-81', host: 'www.example.com', path: '/' },
        ],
      };
      x.securityGroups[0].inbound = [{ source: '0.0.0.0/0', port: '8080', action: 'allow' }];
    });
    // tcp-80's targets listen on 8080 (allowed); the rules' targets on 80 and 81 (not).
    expect(paths(s)).toEqual([
      'listeners[1].rules[0].targets[0]',
      'listeners[1].rules[1].targets[0]',
    ]);
    expect(warningsOf(s)[0]!.message).toContain(
      'do not allow the probe source 203.0.113.10 on port 80',
    );
    const hcPort = change(s, (x) => (x.listeners[0].healthCheck = { port: 9000 }));
    expect(paths(hcPort)).toContain('listeners[0].targets[0]');
    // A probe source allowed by default needs no rule.
    const classic = change(s, (x) => {
      x.loadBalancer.type = 'internal';
      x.loadBalancer.kind = 'classic';
    });
    expect(paths(classic)).toEqual([]);
  });
});
