import { describe, expect, it } from 'vitest';
import {
  COMPARISON_COLUMNS,
  renderComparisonJson,
  renderComparisonTable,
} from '../../src/report/render-comparison.js';
import type { AlgorithmComparison } from '../../src/report/types.js';

const row = (algorithm: string, extra: Partial<AlgorithmComparison> = {}): AlgorithmComparison => ({
  algorithm,
  maxDeviation: 0.012,
  meanDeviation: 0.004,
  clientsRemapped: 321,
  sessionsMoved: 0,
  unserved: 0,
  failed: 0,
  blocked: 0,
  remapsCounted: true,
  sessionsCounted: false,
  ...extra,
});

const headerOf = (text: string): string[] => text.split('\n')[0]!.split(/ {2,}/);

describe('renderComparisonTable', () => {
  it('shows n/a where a figure does not apply, and leaves out a column no row counts', () => {
    const text = renderComparisonTable([
      row('maglev'),
      row('wrr', { remapsCounted: false, clientsRemapped: 0 }),
    ]);

    expect(headerOf(text)).toEqual([
      'algorithm',
      'max dev pp',
      'mean dev pp',
      'clients remapped',
      'unserved',
      'failed',
      'blocked',
    ]);
    expect(text).toMatch(/^maglev +1\.20 +0\.40 +321 +0 +0 +0$/m);
    expect(text).toMatch(/^wrr +1\.20 +0\.40 +n\/a +0 +0 +0$/m);
    expect(text).not.toContain('sessions moved');
    expect(text).toContain('mean dev: the mean of |share − expected share|');
  });

  it('shows every column when sessions are kept, and notes invalid algorithms under the table', () => {
    const text = renderComparisonTable(
      [
        row('ring-hash', { sessionsCounted: true, sessionsMoved: 12 }),
        row('wlc', { invalid: 'least connections cannot keep sessions' }),
      ],
      { runMs: new Map([['ring-hash', 41.6]]) },
    );

    expect(headerOf(text)).toEqual([
      'algorithm',
      ...COMPARISON_COLUMNS.map((c) => c.header),
      'run ms',
    ]);
    expect(text).toMatch(/^ring-hash +1\.20 +0\.40 +321 +12 +0 +0 +0 +42$/m);
    expect(text).toContain(
      'wlc: not valid for this scenario: least connections cannot keep sessions',
    );
  });
});

describe('renderComparisonJson', () => {
  it('keeps every figure, with whether remaps and sessions were counted', () => {
    const [parsed] = JSON.parse(renderComparisonJson([row('maglev')])) as Record<string, unknown>[];
    expect(Object.keys(parsed!)).toEqual([
      'algorithm',
      'maxDeviation',
      'meanDeviation',
      'clientsRemapped',
      'sessionsMoved',
      'unserved',
      'failed',
      'blocked',
      'remapsCounted',
      'sessionsCounted',
    ]);
  });
});
