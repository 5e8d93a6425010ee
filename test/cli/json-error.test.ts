import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findJsonError, lineColumn } from '../../src/cli/json-error.js';

describe('findJsonError', () => {
  it('finds an error exactly when JSON.parse refuses the text, for all damaged JSON texts', () => {
    const text = fc
      .tuple(
        fc.json(),
        fc.nat(),
        fc.constantFrom('', '}', ']', ',', ':', '"', 'x', '\n', ' ', '\u0001'),
        fc.boolean(),
      )
      .map(([json, at, insert, remove]) => {
        const i = at % (json.length + 1);
        return json.slice(0, i) + insert + json.slice(remove ? i + 1 : i);
      });
    fc.assert(
      fc.property(text, (t) => {
        let valid = true;
        try {
          JSON.parse(t);
        } catch {
          valid = false;
        }
        const found = findJsonError(t);
        expect(found === null, `${JSON.stringify(t)} ${JSON.stringify(found)}`).toBe(valid);
        if (found !== null) expect(found.offset).toBeLessThanOrEqual(t.length);
      }),
      { seed: 11, numRuns: 3000 },
    );
  });

  it('does not overflow on deep nesting', () => {
    expect(findJsonError('['.repeat(100_000))?.message).toBe(
      'expected a value, found the end of the text',
    );
  });

  it('counts lines and columns from 1', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
