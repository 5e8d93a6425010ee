/**
 * Writes text that comes in chunks of UTF-8 (a report rendered piece by piece) to `--out` or
 * standard output as it comes, so that only a chunk at a time is held. Standard output is awaited
 * when its buffer is full ('drain'); a file is written synchronously, and a regular file is removed
 * again if rendering fails part-way (no half report is left under the name asked for).
 */
import { once } from 'node:events';
import { closeSync, fstatSync, openSync, rmSync, writeSync } from 'node:fs';
import { STDIO } from './read-input.js';

/** Writes `chunks` to `out` (saying so on stderr), or to standard output when none is given. */
export async function writeChunks(
  out: string | undefined,
  chunks: Iterable<Uint8Array>,
): Promise<void> {
  if (out === undefined || out === STDIO) {
    for (const chunk of chunks) {
      if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
    }
    return;
  }
  const fd = openSync(out, 'w');
  try {
    for (const chunk of chunks) writeAll(fd, chunk);
  } catch (error) {
    const regular = fstatSync(fd).isFile();
    closeSync(fd);
    if (regular) rmSync(out, { force: true });
    throw error;
  }
  closeSync(fd);
  process.stderr.write(`wrote ${out}\n`);
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done);
}
