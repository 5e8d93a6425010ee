import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/report/render-json.js';
import { roundShare } from '../../src/report/shares.js';
import { targetIds } from '../../src/report/view-model.js';
import type { Report } from '../../src/report/types.js';
import { arbitraryReport, reorderKeys } from './fixtures/arbitrary-report.js';
import { fixtureReport } from './fixtures/report.js';

/** The report as renderJson promises to write it: shares rounded, nothing else changed. */
function withRoundedShares(report: Report): Report {
  return {
    ...report,
    servers: report.servers.map((s) => ({
      ...s,
      share: roundShare(s.share),
      expectedShare: roundShare(s.expectedShare),
    })),
  };
}

describe('renderJson', () => {
  it('writes report and server keys in the fixed order', () => {
    const parsed = JSON.parse(renderJson(fixtureReport));

    expect(Object.keys(parsed)).toEqual([
      'format',
      'lbsimVersion',
      'name',
      'description',
      'seed',
      'requests',
      'unserved',
      'retries',
      'servers',
      'windows',
      'durationSec',
      'windowSec',
      'events',
      'unservedBy',
      'failOpen',
      'mix',
      'pools',
    ]);
    expect(Object.keys(parsed.servers[0])).toEqual([
      'listener',
      'target',
      'instance',
      'clientAddress',
      'weight',
      'weights',
      'requests',
      'share',
      'expectedShare',
      'newSessions',
      'sessionsMovedIn',
      'sessionsExpired',
      'failed',
      'blocked',
      'health',
    ]);
    // Layer 7: the rule follows the listener.
    expect(Object.keys(parsed.servers[4]).slice(0, 3)).toEqual(['listener', 'rule', 'target']);
    expect(Object.keys(parsed.windows[0])).toEqual(['fromSec', 'toSec', 'requests']);
    expect(Object.keys(parsed.events[0])).toEqual([
      'atSec',
      'op',
      'description',
      'sessionsMoved',
      'sessionsDropped',
      'clientsRemapped',
      'movedTo',
      'params',
    ]);
  });

  it('lists window and movedTo keys in the order of the servers list', () => {
    const report: Report = {
      ...fixtureReport,
      windows: [
        {
          fromSec: 0,
          toSec: 10,
          requests: { 'zz:1': 1, '10.1.0.5:80': 2, 'ins-a:8080': 3, 'aa:1': 4 },
        },
      ],
      events: [{ ...fixtureReport.events[0]!, movedTo: { 'ins-b:8080': 1, 'ins-a:8080': 2 } }],
    };

    const parsed = JSON.parse(renderJson(report));

    // Ids absent from servers come last, in code-unit order.
    expect(Object.keys(parsed.windows[0].requests)).toEqual([
      'ins-a:8080',
      '10.1.0.5:80',
      'aa:1',
      'zz:1',
    ]);
    expect(Object.keys(parsed.events[0].movedTo)).toEqual(['ins-a:8080', 'ins-b:8080']);
    expect(targetIds(report).slice(-2)).toEqual(['aa:1', 'zz:1']);
  });

  it('round-trips the fixture, with shares rounded to 6 decimals', () => {
    const parsed = JSON.parse(renderJson(fixtureReport));

    expect(parsed).toEqual(withRoundedShares(fixtureReport));
    expect(parsed.servers[0].expectedShare).toBe(0.268333);
    expect(parsed.servers[0].share).toBe(0.2865);
  });

  it('uses 2-space indentation and a trailing newline, like JSON.stringify', () => {
    const text = renderJson(fixtureReport);

    expect(text.startsWith('{\n  "format": 1,\n  "lbsimVersion": "0.0.0-fixture",\n')).toBe(true);
    expect(text.endsWith('\n}\n')).toBe(true);
    expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + '\n');
  });

  it('gives the same bytes twice', () => {
    expect(renderJson(fixtureReport)).toBe(renderJson(fixtureReport));
  });

  it('for all reports: round-trips and ignores the order objects were built in', () => {
    fc.assert(
      fc.property(arbitraryReport, fc.array(fc.nat(), { maxLength: 20 }), (report, noise) => {
        const text = renderJson(report);

        expect(JSON.parse(text)).toEqual(withRoundedShares(report));
        expect(renderJson(reorderKeys(report, noise))).toBe(text);
        expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + '\n');
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('keeps fields it does not know, after the known ones, sorted', () => {
    const report = {
      ...fixtureReport,
      zeta: { b: 1, a: [1, { d: 2, c: 3 }] },
      alpha: 'x',
      servers: [{ ...fixtureReport.servers[0]!, zone: 'gz-3', drained: false, skip: undefined }],
    } as unknown as Report;

    const parsed = JSON.parse(renderJson(report));

    expect(Object.keys(parsed).slice(-2)).toEqual(['alpha', 'zeta']);
    expect(Object.keys(parsed.zeta)).toEqual(['a', 'b']);
    expect(Object.keys(parsed.zeta.a[1])).toEqual(['c', 'd']);
    expect(Object.keys(parsed.servers[0]).slice(-2)).toEqual(['drained', 'zone']);
  });

  it('refuses a number JSON cannot hold, naming where it is', () => {
    const report: Report = {
      ...fixtureReport,
      servers: [{ ...fixtureReport.servers[0]!, share: Number.NaN }],
    };

    expect(() => renderJson(report)).toThrow(RangeError);
    expect(() => renderJson(report)).toThrow(
      'render-json: $.servers[0].share must be a finite number, got NaN',
    );
  });
});
