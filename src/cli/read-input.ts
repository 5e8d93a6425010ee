/**
 * Input helpers for the `lbsim` command, each failing with one line per problem (exit code 2):
 * reading a scenario file or standard input (`-`; a UTF-8 byte-order mark is skipped, as editors
 * on Windows write one; a syntax error is given with its line and column), checking `--out`
 * before any work (its directory exists and is writable; it does not name an input file, which
 * it would replace), and reading numeric options within the bounds the engine computes with.
 */
import { accessSync, constants, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LbsimError, oneLine, quoteText } from '../errors.js';
import { MAX_DURATION_SEC, MAX_NUMBER, MIN_WINDOW_SEC } from '../scenario/defaults.js';
import { findJsonError } from './json-error.js';

/** The file name that means standard input (or standard output for `--out`). */
export const STDIO = '-';

/** How messages name an input: the file name, or `standard input`. */
export function inputName(file: string): string {
  return file === STDIO ? 'standard input' : file;
}

/** Invalid command-line input: `lines` are printed one a line on stderr, exit code 2. */
export class CliInputError extends LbsimError {
  readonly lines: readonly string[];

  constructor(lines: readonly string[]) {
    const flat = lines.map(oneLine);
    super('ERR_CLI_INPUT', flat.join('\n'));
    this.lines = flat;
  }
}

/** The byte-order mark some editors put at the start of UTF-8 files. */
const BOM = '\uFEFF';

/**
 * Parses a JSON text (without a leading byte-order mark); a syntax error names the line and
 * column: `x.json: not valid JSON at line 3, column 9: expected a value, found "}"`.
 */
export function parseScenarioText(text: string, file: string): unknown {
  const body = text.startsWith(BOM) ? text.slice(BOM.length) : text;
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    const found = findJsonError(body);
    const where =
      found === null
        ? `(${error instanceof Error ? error.message : String(error)})`
        : `at line ${found.line}, column ${found.column}: ${found.message}`;
    throw new CliInputError([`${inputName(file)}: not valid JSON ${where}`]);
  }
}

/** Reads and parses a JSON file, or standard input for `-`. */
export function readScenarioFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file === STDIO ? 0 : file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new CliInputError([`${inputName(file)}: cannot read the file (${code})`]);
  }
  return parseScenarioText(text, file);
}

/**
 * Refuses an `--out` file that is one of the input files (same path, or the same file through a
 * link), which would silently replace the scenario with the report.
 */
export function checkOutputPath(out: string, inputs: readonly string[]): void {
  checkWritable(out);
  const target = identity(out);
  if (target === null) return;
  for (const input of inputs) {
    const source = identity(input);
    if (source !== null && source === target) {
      throw new CliInputError([
        `--out: ${quoteText(out)} is the scenario file ${quoteText(input)}; writing the report there would replace the scenario, choose another file`,
      ]);
    }
  }
}

/** `--out` can be written: not a directory, in a directory that exists and is writable. */
function checkWritable(out: string): void {
  const fail = (why: string): never => {
    throw new CliInputError([`--out: cannot write ${quoteText(out)}: ${why}`]);
  };
  const stat = statOrNull(out);
  if (stat?.isDirectory() === true) fail('it is a directory');
  const dir = dirname(resolve(out));
  const dirStat = statOrNull(dir);
  if (dirStat === null) fail(`the directory ${quoteText(dir)} does not exist`);
  if (dirStat?.isDirectory() !== true) fail(`${quoteText(dir)} is not a directory`);
  try {
    accessSync(stat === null ? dir : out, constants.W_OK);
  } catch {
    fail(
      stat === null
        ? `the directory ${quoteText(dir)} is not writable`
        : 'the file is not writable',
    );
  }
}

function statOrNull(file: string): ReturnType<typeof statSync> | null {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

/** A file's identity: device and inode when it exists, else its resolved path. */
function identity(file: string): string | null {
  try {
    const stat = statSync(file);
    return `${stat.dev}:${stat.ino}`;
  } catch {
    try {
      return realpathSync(resolve(file));
    } catch {
      return resolve(file);
    }
  }
}

/** `--window SEC`: a width the engine computes with (MIN_WINDOW_SEC..MAX_DURATION_SEC). */
export function parseWindowSec(text: string): number {
  const sec = Number(text);
  if (text.trim() === '' || !(sec >= MIN_WINDOW_SEC && sec <= MAX_DURATION_SEC)) {
    throw new CliInputError([
      `--window: must be a number of seconds in ${MIN_WINDOW_SEC}..${MAX_DURATION_SEC.toExponential().replace('e+', 'e')} (got ${quoteText(text)})`,
    ]);
  }
  return sec;
}

/** A cap such as `--max-requests N` or `--max-memory-mb N`: a number > 0 and <= 1e15. */
export function parseCap(flag: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !(n > 0 && n <= MAX_NUMBER)) {
    throw new CliInputError([`${flag}: must be a number > 0 and <= 1e15 (got ${quoteText(text)})`]);
  }
  return n;
}
