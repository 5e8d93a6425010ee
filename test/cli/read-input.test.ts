import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkOutputPath,
  CliInputError,
  parseCap,
  parseScenarioText,
  parseWindowSec,
  readScenarioFile,
} from '../../src/cli/read-input.js';

function lines(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof CliInputError) return error.lines;
    throw error;
  }
  return [];
}

describe('reading a scenario', () => {
  it('skips a UTF-8 byte-order mark', () => {
    expect(parseScenarioText('\uFEFF{"seed":"x"}', 'a.json')).toEqual({ seed: 'x' });
    const dir = mkdtempSync(join(tmpdir(), 'lbsim-'));
    const file = join(dir, 'bom.json');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]));
    expect(readScenarioFile(file)).toEqual({ a: 1 });
  });

  it('reports bad JSON and unreadable files on one line', () => {
    const [line] = lines(() => parseScenarioText('{"a":\n', 'x.json'));
    expect(line).toBe(
      'x.json: not valid JSON at line 2, column 1: expected a value, found the end of the text',
    );
    expect(lines(() => readScenarioFile('/nonexistent/x.json'))).toEqual([
      '/nonexistent/x.json: cannot read the file (ENOENT)',
    ]);
    expect(lines(() => readScenarioFile(tmpdir()))).toEqual([
      `${tmpdir()}: cannot read the file (EISDIR)`,
    ]);
  });
});

describe('--out', () => {
  it('refuses the input file, by name or through a link, and accepts another', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lbsim-'));
    const input = join(dir, 's.json');
    writeFileSync(input, '{}');
    symlinkSync(input, join(dir, 'link.json'));
    const refused = (out: string): readonly string[] =>
      lines(() => {
        checkOutputPath(out, [input]);
      });
    expect(refused(input)[0]).toMatch(/^--out: .* is the scenario file/);
    expect(refused(join(dir, '.', 's.json'))).toHaveLength(1);
    expect(refused(join(dir, 'link.json'))).toHaveLength(1);
    expect(refused(join(dir, 'report.json'))).toEqual([]);
  });
});

describe('numeric options', () => {
  it('--window must be a width the engine computes with', () => {
    expect(parseWindowSec('10')).toBe(10);
    for (const bad of ['1e308', '0', '-1', 'x', '', 'Infinity', '1e-9']) {
      expect(lines(() => parseWindowSec(bad))).toHaveLength(1);
    }
  });

  it('caps must be numbers > 0 and <= 1e15', () => {
    expect(parseCap('--max-requests', '2e9')).toBe(2e9);
    expect(lines(() => parseCap('--max-requests', '1e308'))[0]).toBe(
      '--max-requests: must be a number > 0 and <= 1e15 (got "1e308")',
    );
  });
});
