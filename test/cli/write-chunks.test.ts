/** Writing a report as it is rendered: to a file (removed if rendering fails) or standard output. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { writeChunks } from '../../src/cli/write-chunks.js';

/** Text pieces as the UTF-8 chunks `writeChunks` takes. */
function utf8(pieces: readonly string[]): Uint8Array[] {
  return pieces.map((p) => new TextEncoder().encode(p));
}

describe('writeChunks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lbsim-write-'));
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes every UTF-8 chunk to the file, in order, and says so', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const out = join(dir, 'report.json');
    await writeChunks(out, utf8(['{\n', '  "é": 1', '\n}\n']));
    expect(readFileSync(out, 'utf8')).toBe('{\n  "é": 1\n}\n');
    expect(stderr).toHaveBeenCalledWith(`wrote ${out}\n`);
  });

  it('removes the file when the text fails part-way', async () => {
    const out = join(dir, 'broken.json');
    function* chunks(): Generator<Uint8Array> {
      yield new TextEncoder().encode('{\n');
      throw new RangeError('render-json: $.x must be a finite number, got NaN');
    }
    await expect(writeChunks(out, chunks())).rejects.toThrow(RangeError);
    expect(existsSync(out)).toBe(false);
  });

  it('writes to standard output when no file is given', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk));
      return true;
    });
    await writeChunks(undefined, utf8(['a', 'b']));
    await writeChunks('-', utf8(['c']));
    expect(written).toEqual(['a', 'b', 'c']);
  });
});
