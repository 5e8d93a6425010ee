/** Runs the built `lbsim` (dist/cli/main.js, as installed users run it) for the CLI tests. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** What one run printed and its exit code. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link lbsimWith}. */
export interface RunOptions {
  /** Standard input. */
  readonly input?: string | Buffer;
  /** Environment variables added (colour off by default, so output compares as text). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
}

/** Runs `lbsim ...args` with options. */
export function lbsimWith(options: RunOptions, ...args: string[]): CliResult {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
  const given: Record<string, string | undefined> = {
    ...process.env,
    FORCE_COLOR: '0',
    NO_COLOR: undefined,
    ...options.env,
  };
  const env = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env,
    input: options.input ?? '',
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs `lbsim ...args`. */
export function lbsim(...args: string[]): CliResult {
  return lbsimWith({}, ...args);
}
