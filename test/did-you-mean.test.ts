import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from '../src/did-you-mean.js';

/** The textbook full-matrix optimal string alignment distance. */
function reference(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
      }
    }
  }
  return d[a.length]![b.length]!;
}

describe('did you mean', () => {
  it('edit distance equals the full-matrix reference for all short strings', () => {
    const word = fc.stringMatching(/^[abc]{0,7}$/);
    fc.assert(
      fc.property(word, word, (a, b) => {
        expect(editDistance(a, b)).toBe(reference(a, b));
      }),
      { seed: 3, numRuns: 2000 },
    );
  });

  it.each([
    ['weigth', 'weight'],
    ['sesion', 'session'],
    ['healthcheck', 'healthCheck'],
    ['algoritm', 'algorithm'],
    ['durationSecs', 'durationSec'],
    ['ratePerSecond', 'ratePerSec'],
    ['ip', 'ips'],
  ])('suggests %s → %s', (typo, meant) => {
    const known = [
      'id',
      'ips',
      'weight',
      'session',
      'healthCheck',
      'algorithm',
      'durationSec',
      'ratePerSec',
      'port',
    ];
    expect(closest(typo, known)).toBe(meant);
  });

  it('suggests nothing when nothing is close', () => {
    expect(closest('colour', ['instance', 'port', 'weight'])).toBeNull();
    expect(didYouMean('colour', ['port'])).toBe('');
    expect(didYouMean('--algoritms', ['--algorithms'], '')).toBe(' (did you mean --algorithms?)');
  });
});
