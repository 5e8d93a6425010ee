/**
 * The golden outputs: what the built `lbsim` prints for the default scenario, every example and two
 * comparisons. `golden.test.ts` regenerates them and compares byte for byte; `npm run golden:update`
 * rewrites them on purpose (commit the result with the reason the numbers moved).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const GOLDEN_DIR = fileURLToPath(new URL('./outputs/', import.meta.url));
const BIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** One golden file: its name under `outputs/` and the CLI arguments that produce it. */
export interface GoldenCase {
  readonly file: string;
  readonly args: readonly string[];
}

const EXAMPLES = readdirSync(new URL('../../examples/', import.meta.url))
  .filter((name) => name.endsWith('.json'))
  .sort();

export const GOLDEN_CASES: readonly GoldenCase[] = [
  { file: 'default.report.json', args: ['run', '--format', 'json'] },
  ...EXAMPLES.map((name) => ({
    file: name.replace(/\.json$/, '.report.json'),
    args: ['run', `examples/${name}`, '--format', 'json'],
  })),
  ...['consistent-hashing-scale-out.json', 'drain-with-persistence.json', 'slow-backend.json'].map(
    (name) => ({
      file: name.replace(/\.json$/, '.compare.json'),
      args: ['compare', `examples/${name}`, '--format', 'json'],
    }),
  ),
];

/** Runs the built CLI for one case and returns what it printed; throws on a non-zero exit. */
export function produce(c: GoldenCase): string {
  const r = spawnSync(process.execPath, [BIN, ...c.args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`lbsim ${c.args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}
