/**
 * The built `dist/` (`npm run build`, which `npm test` runs first): the bundle's entry points are
 * where `package.json` says, and every file that finds a neighbour through `import.meta.url`
 * (`../../package.json`, `../sim/sweep-worker.js`) sits one folder below `dist/`, where those
 * paths resolve.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(root, 'dist');
const scripts = readdirSync(dist, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.js'))
  .map((name) => name.split(sep).join('/'));

describe('dist', () => {
  it('holds the entry points package.json names, and the worker thread’s', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      exports: Record<string, string | { default: string }>;
      bin: Record<string, string>;
    };
    const named = [
      ...Object.values(pkg.exports).map((e) => (typeof e === 'string' ? e : e.default)),
      ...Object.values(pkg.bin),
    ]
      .filter((path) => path.startsWith('./dist/'))
      .map((path) => relative(dist, join(root, path)).split(sep).join('/'));
    expect(named.length).toBeGreaterThanOrEqual(3);
    for (const entry of [...named, 'sim/sweep-worker.js']) expect(scripts).toContain(entry);
  });

  it('keeps every file that reads import.meta.url one folder down', () => {
    const located = scripts.filter((name) =>
      readFileSync(join(dist, name), 'utf8').includes('import.meta.url'),
    );
    // package.json's version and the worker's entry are read from the bundle somewhere.
    expect(located.length).toBeGreaterThan(0);
    for (const name of located) expect(name.split('/')).toHaveLength(2);
  });
});
