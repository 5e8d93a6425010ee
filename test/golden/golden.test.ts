/**
 * Golden outputs: the built CLI prints exactly the checked-in bytes for the default scenario, every
 * example and two comparisons. A change that moves a number fails here; if the move is intended,
 * run `npm run golden:update` and say why in the commit.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOLDEN_CASES, GOLDEN_DIR, produce } from './cases.js';

describe('golden outputs', () => {
  it('has a checked-in file for every case and no stale ones', () => {
    const files = readdirSync(GOLDEN_DIR).sort();
    expect(files).toEqual(GOLDEN_CASES.map((c) => c.file).sort());
  });

  for (const c of GOLDEN_CASES) {
    it(`lbsim ${c.args.join(' ')} prints ${c.file} byte for byte`, () => {
      const expected = readFileSync(join(GOLDEN_DIR, c.file), 'utf8');
      const actual = produce(c);
      // Compare as text first so a failure shows a readable diff, then insist on the same bytes.
      expect(actual).toBe(expected);
    }, 60_000);
  }
});
