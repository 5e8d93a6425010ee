/**
 * Windows kept as columns and the JSON written from them: for the default scenario, every example
 * and random scenarios, the text streamed from the columns equals, byte for byte, what the same
 * writer makes of a plain copy of the report whose windows are objects (the path a hand-built
 * report takes), and writing the JSON builds no window object. The goldens pin the bytes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderJson, renderJsonBytes, renderJsonChunks } from '../../src/report/render-json.js';
import { CHUNK_BYTES } from '../../src/report/byte-chunks.js';
import { renderTable } from '../../src/report/render-table.js';
import type { Report } from '../../src/report/types.js';
import { poolWindowColumns, reportWindowColumns } from '../../src/report/window-columns.js';
import { DEFAULT_SCENARIO } from '../../src/scenario/default-scenario.js';
import { simulateSync } from '../../src/sim/simulate.js';
import { scenarioArb } from '../../src/testing/arbitraries.js';

const EXAMPLES_DIR = new URL('../../examples/', import.meta.url);
const EXAMPLES = readdirSync(EXAMPLES_DIR)
  .filter((name) => name.endsWith('.json'))
  .sort();

function example(name: string): unknown {
  return JSON.parse(readFileSync(new URL(name, EXAMPLES_DIR), 'utf8')) as unknown;
}

/** Whether the report's windows (its own and every pool's) are still columns. */
function unbuilt(report: Report): boolean {
  return (
    reportWindowColumns(report) !== undefined &&
    report.pools.every((pool) => poolWindowColumns(pool) !== undefined)
  );
}

/**
 * A copy of the report with every window built as an object and no columns behind it (spreading
 * reads each `windows` property, in its place among the keys).
 */
function withWindowObjects(report: Report): Report {
  const copy: Report = { ...report, pools: report.pools.map((pool) => ({ ...pool })) };
  expect(unbuilt(copy)).toBe(false);
  return copy;
}

/** The streamed JSON, checked to build no window, then the same writer's text for the objects. */
function bothTexts(report: Report): { streamed: string; chunked: string; reference: string } {
  expect(unbuilt(report)).toBe(true);
  const streamed = renderJson(report);
  const chunked = [...renderJsonChunks(report)].join('');
  const bytes = [...renderJsonBytes(report)];
  // Each chunk ends between two characters, and every chunk but the last is full.
  expect(bytes.map((chunk) => new TextDecoder().decode(chunk)).join('')).toBe(streamed);
  for (const chunk of bytes.slice(0, -1)) expect(chunk.length).toBeGreaterThanOrEqual(CHUNK_BYTES);
  renderTable(report, { color: false });
  expect(unbuilt(report)).toBe(true);
  return { streamed, chunked, reference: renderJson(withWindowObjects(report)) };
}

describe('JSON streamed from window columns', () => {
  it.each([['default scenario', DEFAULT_SCENARIO], ...EXAMPLES.map((n) => [n, example(n)])])(
    '%s: equals the reference rendering byte for byte',
    (_, scenario) => {
      const { streamed, chunked, reference } = bothTexts(simulateSync(scenario));
      expect(streamed).toBe(reference);
      expect(chunked).toBe(reference);
    },
  );

  it('equals the reference rendering for random scenarios and window widths', () => {
    const arb = fc.record({
      scenario: scenarioArb({ maxListeners: 3, maxEvents: 4, maxRequests: 600 }),
      windowSec: fc.constantFrom(0.25, 1, 3, 7.5, 10, 100),
    });
    fc.assert(
      fc.property(arb, ({ scenario, windowSec }) => {
        const report = simulateSync({ ...scenario, options: { ...scenario.options, windowSec } });
        const { streamed, reference } = bothTexts(report);
        expect(streamed).toBe(reference);
      }),
      { numRuns: 60 },
    );
  });

  it('writes target ids beyond ASCII as UTF-8, across chunks', () => {
    // Windows of ids of 2-, 3- and 4-byte characters: the text spans several chunks.
    const text = readFileSync(new URL('drain-with-persistence.json', EXAMPLES_DIR), 'utf8')
      .replaceAll('ins-1', 'ins-é')
      .replaceAll('ins-2', 'ins-中')
      .replaceAll('ins-3', 'ins-😀');
    const scenario = JSON.parse(text) as { options?: object };
    scenario.options = { ...scenario.options, windowSec: 0.5 };
    const report = simulateSync(scenario);
    const { streamed, chunked, reference } = bothTexts(report);
    expect(streamed).toBe(reference);
    expect(chunked).toBe(reference);
    for (const id of ['ins-é', 'ins-中', 'ins-😀']) expect(streamed).toContain(`"${id}:`);
    expect(new TextEncoder().encode(streamed).length).toBeGreaterThan(2 * CHUNK_BYTES);
  });

  it('sums a target bound to several listeners, in the windows and per pool', () => {
    const scenario = structuredClone(example('spec-example.json')) as {
      listeners: { id: string; port: number }[];
    };
    const second = { ...structuredClone(scenario.listeners[0]!), id: 'tcp-81', port: 81 };
    scenario.listeners.push(second);
    const report = simulateSync(scenario);
    const { streamed, reference } = bothTexts(report);
    expect(streamed).toBe(reference);
    const target = report.servers[0]!.target;
    const total = report.windows.reduce((n, w) => n + w.requests[target]!, 0);
    const perPool = report.pools.map((p) => p.windows.reduce((n, w) => n + w.requests[target]!, 0));
    expect(perPool.filter((n) => n > 0)).toHaveLength(2);
    expect(total).toBe(perPool.reduce((a, b) => a + b, 0));
  });
});

describe('window objects built on first read', () => {
  it('are plain data once read, and the JSON is unchanged', () => {
    const report = simulateSync(example('zone-loss.json'));
    const before = renderJson(report);
    const windows = report.windows;
    expect(reportWindowColumns(report)).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(report, 'windows')).toMatchObject({
      value: windows,
      writable: true,
      enumerable: true,
    });
    expect(report.windows).toBe(windows);
    expect(Object.keys(report).indexOf('windows')).toBe(Object.keys(report).indexOf('servers') + 1);
    const pool = report.pools[0]!;
    expect(pool.windows).toHaveLength(windows.length);
    expect(poolWindowColumns(pool)).toBeUndefined();
    expect(renderJson(report)).toBe(before);
  });

  it('hold every target in every window, with the run-long totals of servers', () => {
    const report = simulateSync(DEFAULT_SCENARIO);
    const ids = new Set(report.servers.map((s) => s.target));
    for (const w of report.windows) expect(new Set(Object.keys(w.requests))).toEqual(ids);
    for (const id of ids) {
      const inWindows = report.windows.reduce((n, w) => n + w.requests[id]!, 0);
      const inServers = report.servers
        .filter((s) => s.target === id)
        .reduce((n, s) => n + s.requests, 0);
      expect(inWindows).toBe(inServers);
    }
  });

  it('survive freezing, copying and assignment', () => {
    const frozen = Object.freeze(simulateSync(DEFAULT_SCENARIO));
    const copy = structuredClone(frozen);
    expect(frozen.windows).toEqual(copy.windows);
    expect(frozen.windows).toBe(frozen.windows);
    expect(renderJson(copy)).toBe(renderJson(frozen));

    const report = simulateSync(DEFAULT_SCENARIO) as { windows: unknown };
    report.windows = [];
    expect(report.windows).toEqual([]);
    expect(reportWindowColumns(report as Report)).toBeUndefined();
    expect(JSON.parse(renderJson(report as Report))).toMatchObject({ windows: [] });
  });
});
