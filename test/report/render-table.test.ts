import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatPercent,
  formatWeights,
  isDivergent,
} from '../../src/report/presentation.js';
import { renderTable } from '../../src/report/render-table.js';
import type { Report } from '../../src/report/types.js';
import { arbitraryReport } from './fixtures/arbitrary-report.js';
import { fixtureReport } from './fixtures/report.js';

const ESC = '\u001b';
// eslint-disable-next-line no-control-regex -- matching ANSI escapes is the point
const ANSI = /\u001b\[[\d;]*m/g;

/** The table row of a target (the first line that starts with it, after the indent). */
function rowOf(text: string, target: string): string {
  const row = text.split('\n').find((line) => line.startsWith(`  ${target} `));
  if (row === undefined) throw new Error(`no row for ${target} in\n${text}`);
  return row;
}

describe('renderTable', () => {
  const text = renderTable(fixtureReport);

  it('opens with the name, then seed, duration, requests and unserved', () => {
    expect(text.split('\n').slice(0, 2)).toEqual([
      'Fixture: a drain and a flap',
      'seed "demo-fixture" | duration 300 s | requests 210,420 | unserved 420 (0.20%)',
    ]);
  });

  it('breaks unserved down by pool and reason, and names fail-open spans and mix entries', () => {
    const out = renderTable({
      ...fixtureReport,
      failOpen: [{ listener: 'tcp-80', fromSec: 313, toSec: 431 }],
    });

    expect(out).toContain(
      'unserved\n  pool: reason                    requests  % of all\n' +
        '  http-80: no rule matched (404)       420      0.20\n',
    );
    expect(out).toContain(
      'fail-open\n  all targets of tcp-80 abnormal: forwarding to all, 313–431 s\n',
    );
    expect(out).toContain('traffic mix of http-80\n');
    expect(out).toMatch(/ {2}www\.example\.com\/nothing +404 \(no rule\) +420\n/);
    // Layer-4 entries have no rule to show.
    expect(out).not.toContain('traffic mix of tcp-80');
  });

  it('shows every target with requests, share, expected share and signed difference', () => {
    for (const s of fixtureReport.servers) {
      const cells = rowOf(text, s.target).trim().split(/\s+/);
      expect(cells.slice(0, 6)).toEqual([
        s.target,
        formatWeights(s),
        formatCount(s.requests),
        formatPercent(s.share),
        formatPercent(s.expectedShare),
        expect.stringMatching(/^[+-]\d+\.\d\d$/),
      ]);
    }
    expect(rowOf(text, 'ins-d:8080').trim().split(/\s+/)[1]).toBe('10→0');
    expect(rowOf(text, 'ins-c:8080')).toContain('-3.65');
    expect(rowOf(text, 'ins-a:8080')).toContain('+1.82');
  });

  it('has one table per listener and per rule', () => {
    expect(text).toContain('listener tcp-80 (150,000 requests)');
    expect(text).toContain('listener http-80, rule www.example.com/img (60,000 requests)');
  });

  it('flags the divergent target and not the close ones', () => {
    // ins-c: 3.65 points under, far beyond noise. ins-a: 1.82 points over, significant but small.
    expect(rowOf(text, 'ins-c:8080').endsWith('  !')).toBe(true);
    for (const id of ['ins-a:8080', 'ins-b:8080', 'ins-d:8080', 'ins-e:80', '10.1.0.5:80']) {
      expect(rowOf(text, id).endsWith('!')).toBe(false);
    }
  });

  it('right-aligns numbers under their headers', () => {
    const lines = text.split('\n');
    const header = lines.find((l) => l.includes('target') && l.includes('requests'))!;
    const end = header.indexOf('requests') + 'requests'.length;
    for (const id of ['ins-a:8080', 'ins-b:8080', 'ins-c:8080', 'ins-d:8080']) {
      const row = rowOf(text, id);
      expect(row.slice(0, end)).toMatch(/\d$/);
      expect(row[end]).toBe(' ');
    }
    expect(lines.every((l) => l === l.trimEnd())).toBe(true);
  });

  it('lists health changes and what the event did to sessions', () => {
    expect(text).toContain(
      'health changes\n  ins-c:8080 (tcp-80): 0 s healthy → 90 s abnormal → 150 s healthy\n',
    );
    expect(text).toContain(
      'event 120 s setWeight tcp-80 ins-d:8080 10→0 (212 sessions moved, 0 dropped, 0 clients remapped)',
    );
    // Largest destination first.
    expect(text.indexOf('  ins-b:8080       111')).toBeLessThan(
      text.indexOf('  ins-a:8080       101'),
    );
  });

  it('uses no colour by default, and ANSI only on the flag when asked', () => {
    const colored = renderTable(fixtureReport, { color: true });

    expect(text).not.toContain(ESC);
    expect(colored.match(ANSI)).toEqual([`${ESC}[1;31m`, `${ESC}[0m`]);
    expect(rowOf(colored, 'ins-c:8080')).toContain(`${ESC}[1;31m!${ESC}[0m`);
    expect(colored.replace(ANSI, '')).toBe(text);
  });

  it('gives the same text twice', () => {
    expect(renderTable(fixtureReport)).toBe(text);
  });

  it('escapes control characters in ids', () => {
    const report: Report = {
      ...fixtureReport,
      servers: [{ ...fixtureReport.servers[0]!, target: 'evil\u001b[2J\n:80' }],
    };

    const out = renderTable(report);

    expect(out).not.toContain(ESC);
    expect(out).toContain('evil\\x1b[2J\\x0a:80');
  });

  it('for all reports: renders every target and no control characters', () => {
    fc.assert(
      fc.property(arbitraryReport, (report) => {
        const out = renderTable(report);
        for (const s of report.servers) expect(out).toContain(`  ${s.target} `);
        // eslint-disable-next-line no-control-regex -- looking for control characters
        expect(out.replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f]/);
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});

describe('isDivergent', () => {
  it('needs both more than 2 points and more than 4 standard errors', () => {
    // 3 points off with 100 requests: sigma = sqrt(.25·.75/100) = 4.3 points — noise.
    expect(isDivergent(0.28, 0.25, 100)).toBe(false);
    expect(isDivergent(0.28, 0.25, 1_000_000)).toBe(true);
    // 1.5 points off with a million requests: significant, but too small to flag.
    expect(isDivergent(0.265, 0.25, 1_000_000)).toBe(false);
    expect(isDivergent(0.5, 0.25, 0)).toBe(false);
    // Expected 0 (never eligible) but got traffic: any size over 2 points is flagged.
    expect(isDivergent(0.03, 0, 50)).toBe(true);
  });

  it('for all inputs: never flags a difference of 2 points or less', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: -0.02, max: 0.02, noNaN: true }),
        fc.integer({ min: 0, max: 1e9 }),
        (p, d, n) => {
          expect(isDivergent(Math.min(1, Math.max(0, p + d)), p, n)).toBe(false);
        },
      ),
      { seed: 42 },
    );
  });
});

describe('formatCount', () => {
  it('groups digits by three, as a simple reference does', () => {
    const reference = (n: number): string => {
      const digits = String(Math.abs(n)).split('').reverse();
      const groups: string[] = [];
      for (let i = 0; i < digits.length; i += 3)
        groups.push(
          digits
            .slice(i, i + 3)
            .reverse()
            .join(''),
        );
      return (n < 0 ? '-' : '') + groups.reverse().join(',');
    };
    fc.assert(
      fc.property(fc.integer({ min: -1e15, max: 1e15 }), (n) => {
        expect(formatCount(n)).toBe(reference(n));
      }),
      { seed: 42 },
    );
  });
});
