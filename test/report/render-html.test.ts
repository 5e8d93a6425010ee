import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../src/report/escape-html.js';
import { renderHtml } from '../../src/report/render-html.js';
import type { Report } from '../../src/report/types.js';
import { arbitraryReport, reorderKeys } from './fixtures/arbitrary-report.js';
import { fixtureReport } from './fixtures/report.js';

const VOID_ELEMENTS = new Set(['meta', 'br', 'hr', 'img', 'input', 'link', 'wbr']);

/**
 * Checks tags nest and close (a small reference, not an HTML parser): returns the problems found.
 * Escaped text never contains `<`, so every `<` in the page must open a tag, comment or doctype.
 */
function tagProblems(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>|<!DOCTYPE html>|</g;
  for (const m of html.matchAll(tag)) {
    if (m[0] === '<') {
      problems.push(`stray < at ${m.index}`);
      continue;
    }
    const [, closing, rawName, , selfClosing] = m;
    if (rawName === undefined) continue; // the doctype
    const name = rawName.toLowerCase();
    if (closing === '/') {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}> at ${m.index}`);
    } else if (selfClosing !== '/' && !VOID_ELEMENTS.has(name)) {
      stack.push(name);
    }
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(' > ')}`);
  return problems;
}

function count(text: string, pattern: RegExp): number {
  return [...text.matchAll(pattern)].length;
}

/** The fixture with hostile strings wherever the report carries text. */
const hostile: Report = {
  ...fixtureReport,
  seed: '</title><script>alert(1)</script>',
  servers: fixtureReport.servers.map((s, i) =>
    i === 0
      ? { ...s, target: 'ins-<&>"\'x:8080', listener: '<b>tcp</b>' }
      : i === 4
        ? { ...s, rule: 'www.example.com/<img src=x onerror=alert(1)>' }
        : s,
  ),
  windows: fixtureReport.windows.map((w) => ({
    ...w,
    requests: { ...w.requests, 'ins-<&>"\'x:8080': 5 },
  })),
  events: [
    {
      ...fixtureReport.events[0]!,
      op: '<svg onload=alert(1)>',
      description: '<svg onload=alert(1)>',
    },
  ],
  name: '<script>alert(1)</script>',
  description: '<img src=x onerror=alert(1)>',
};

describe('renderHtml', () => {
  const html = renderHtml(fixtureReport);

  it('is one well-formed document', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html.endsWith('</html>\n')).toBe(true);
    expect(count(html, /<html[\s>]/g)).toBe(1);
    expect(count(html, /<svg[\s>]/g)).toBe(count(html, /<\/svg>/g));
    expect(tagProblems(html)).toEqual([]);
  });

  it('draws per listener/rule a share-over-time and a share chart, and the health timeline', () => {
    // 2 pools × (over time + bars) + health.
    expect(count(html, /<svg[\s>]/g)).toBe(5);
    expect(html).toContain('<h3>listener tcp-80</h3>');
    expect(html).toContain('<h3>listener http-80, rule www.example.com/img</h3>');
    // One flagged row (ins-c), shown as a highlighted table row.
    expect(count(html, /<tr class="flag">/g)).toBe(1);
    expect(html).toMatch(/<tr class="flag"><td>[^]*?ins-c:8080<\/td>/);
    for (const s of fixtureReport.servers) expect(html).toContain(`${s.target}</td>`);
  });

  it('is self-contained: no scripts, external links, fonts or images', () => {
    expect(html).not.toMatch(/<script|<link|<iframe|<img|@import|url\(|\bhttps?:|\bsrc=|\bhref=/i);
  });

  it('escapes every string from the report', () => {
    const out = renderHtml(hostile);

    expect(out).toContain('ins-&lt;&amp;&gt;&quot;&#39;x:8080');
    expect(out).not.toContain('ins-<&>');
    expect(out).not.toMatch(/<script|<img|<b>tcp|<svg onload/i);
    expect(out).toContain('&lt;svg onload=alert(1)&gt;');
    expect(tagProblems(out)).toEqual([]);
  });

  it('gives the same bytes twice and whatever order the report was built in', () => {
    expect(renderHtml(fixtureReport)).toBe(html);
    expect(renderHtml(reorderKeys(fixtureReport, [3, 1, 4, 1, 5, 9, 2, 6]))).toBe(html);
  });

  it('draws one share-over-time chart per pool, merging windows into at most 400 steps', () => {
    const windows = Array.from({ length: 1000 }, (_, i) => ({
      fromSec: i,
      toSec: i + 1,
      requests: { 'ins-a:8080': 10, 'ins-b:8080': 30 },
      failed: 0,
      unserved: 0,
    }));
    const report: Report = {
      ...fixtureReport,
      durationSec: 1000,
      windows: windows.map(({ fromSec, toSec, requests }) => ({ fromSec, toSec, requests })),
      pools: [{ listener: 'tcp-80', algorithm: 'wrr', expected: [], windows }],
      events: [],
    };

    const out = renderHtml(report);

    const lines = [...out.matchAll(/<polyline class="shareline" points="([^"]*)"/g)];
    // One line per target of tcp-80; 334 steps of 3 windows (the last of 1), two points a step.
    expect(lines.length).toBe(4);
    const first = lines[0]![1]!.split(' ');
    expect(first.length).toBe(2 * 334);
    // A constant 25% share: every point of ins-a's line at the same height.
    expect(new Set(first.map((p) => p.split(',')[1])).size).toBe(1);
  });

  it('names events, fail-open spans, unserved reasons and the layer-7 routing', () => {
    const report: Report = {
      ...fixtureReport,
      failOpen: [{ listener: 'tcp-80', fromSec: 313, toSec: 431 }],
    };

    const out = renderHtml(report);

    expect(out).toContain('<h1>Fixture: a drain and a flap</h1>');
    expect(out).toContain('ins-d is drained at 120 s while ins-c flaps');
    expect(out).toMatch(
      /lbsim 0\.0\.0-fixture · seed <code>demo-fixture<\/code> · 300 s simulated · windows of 30 s/,
    );
    // The event, in the events table and as a labelled line on tcp-80's chart and the health
    // timeline; not on the chart of http-80, another listener.
    expect(out).toContain('<td>setWeight tcp-80 ins-d:8080 10→0</td>');
    const marker = /<line class="ev"[^>]*><title>120 s setWeight tcp-80 ins-d:8080 10→0/g;
    expect(count(out, marker)).toBe(2);
    expect(out).toContain('all targets of tcp-80 abnormal: forwarding to all, 313–431 s');
    expect(out).toMatch(
      /<td>http-80<\/td><td>no rule matched \(404\)<\/td><td class="n">420<\/td>/,
    );
    // The matrix: each mix entry of http-80, the rule it reached, a 404 badge for none.
    expect(out).toContain('<h3>listener http-80</h3>');
    expect(out).toMatch(
      /\/img\/a\.png<\/td><td class="n">2<\/td><td>www\.example\.com\/img<\/td><td class="n">60,000<\/td>/,
    );
    expect(out).toMatch(
      /\/nothing<\/td>[^\n]*<span class="badge">404<\/span><\/td><td class="n">420<\/td>/,
    );
  });

  it('renders an empty report', () => {
    const empty: Report = {
      format: 1,
      lbsimVersion: '0.1.0',
      seed: '',
      durationSec: 0,
      windowSec: 10,
      requests: 0,
      unserved: 0,
      retries: 0,
      servers: [],
      windows: [],
      events: [],
      unservedBy: [],
      failOpen: [],
      mix: [],
      pools: [],
    };

    const out = renderHtml(empty);

    expect(tagProblems(out)).toEqual([]);
    expect(out).toContain('No targets.');
    expect(out).toContain('No timed events.');
  });

  it('for all reports: well-formed, escaped and free of NaN coordinates', () => {
    fc.assert(
      fc.property(arbitraryReport, (report) => {
        const out = renderHtml(report);

        expect(tagProblems(out)).toEqual([]);
        expect(out).not.toMatch(/NaN|Infinity/);
        expect(out).not.toContain('x<&>');
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});

describe('escapeHtml', () => {
  it('leaves no markup characters, and decoding gives the text back', () => {
    const decode = (s: string): string =>
      s
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&');
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const escaped = escapeHtml(text);
        expect(escaped).not.toMatch(/[<>"']/);
        expect(decode(escaped)).toBe(text);
      }),
      { seed: 42 },
    );
  });
});
