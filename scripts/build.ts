/**
 * `npm run build`: `dist/` as the package ships it. tsc writes the declarations (`.d.ts`, the
 * `exports` map's types); esbuild writes the JavaScript, one file per entry point (the library,
 * `lbsim/testing`, the CLI and the sweep's worker thread) and the code they share in
 * `dist/chunks/`. Every module exists once, in one file, whichever entry loads it first: a user's
 * `--pickers` module that imports `lbsim` gets the CLI's own classes. Node loads a few files rather
 * than about 200: commands start in about 0.6× the time (`npm run bench:startup`, README).
 *
 * Every file that finds a neighbour through `import.meta.url` (the package's `package.json`, the
 * worker's entry) sits one folder below `dist/`, in `chunks/` or beside its entry
 * (`test/exports/dist-layout.test.ts` checks it).
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = fileURLToPath(new URL('../dist', import.meta.url));

/** The entry points, as the `exports` map, `bin` and the sweep pool name them. */
const ENTRY_POINTS = ['index', 'testing/index', 'cli/main', 'sim/sweep-worker'] as const;

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
await build({
  absWorkingDir: root,
  entryPoints: ENTRY_POINTS.map((name) => `src/${name}.ts`),
  outbase: 'src',
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies stay imports: a user's copy of them is the one lbsim uses.
  packages: 'external',
  // Error classes name themselves after their class (`new.target.name`).
  keepNames: true,
  sourcemap: true,
  logLevel: 'warning',
});
