/**
 * `lbsim diff A.json B.json`: two JSON reports (`lbsim run --format json`) side by side. A file that
 * is not such a report is invalid input (exit 2), named with what it lacks.
 */
import { isPlainObject } from '../scenario/schema-fields.js';
import { diffReports, renderDiffJson, renderDiffTable } from '../report/report-diff.js';
import type { Report } from '../report/types.js';
import { checkOut, writeOutput, type CliValues } from './cli-options.js';
import { CliInputError, inputName, readScenarioFile, STDIO } from './read-input.js';

const SERVER_NUMBERS = ['requests', 'share', 'expectedShare', 'failed', 'blocked'] as const;

/** Runs `lbsim diff`; `args` are the positionals after the command. */
export function diffCommand(args: readonly string[], values: CliValues): number {
  if (args.length !== 2) {
    throw new CliInputError([
      `lbsim diff: give two JSON reports (got ${args.length}); usage: lbsim diff A.json B.json`,
    ]);
  }
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') {
    throw new CliInputError([`--format: must be table or json for diff (got ${format})`]);
  }
  const [fileA, fileB] = args as [string, string];
  if (fileA === STDIO && fileB === STDIO) {
    throw new CliInputError(['lbsim diff: standard input (-) can be only one of the two reports']);
  }
  checkOut(values.out, args);
  const a = readReport(fileA);
  const b = readReport(fileB);
  const diff = diffReports(a, b);
  const names = { a: inputName(fileA), b: inputName(fileB) };
  writeOutput(
    values.out,
    format === 'json' ? renderDiffJson(diff, names) : renderDiffTable(diff, names),
  );
  return 0;
}

/** Reads a JSON report, checking the fields the difference uses. */
export function readReport(file: string): Report {
  const json = readScenarioFile(file);
  const problem = reportProblem(json);
  if (problem !== null) {
    throw new CliInputError([
      `${inputName(file)}: not an lbsim JSON report (${problem}); make one with lbsim run --format json`,
    ]);
  }
  const report = json as Record<string, unknown>;
  // Reports written before `retries` existed had none.
  return { retries: 0, ...report } as unknown as Report;
}

function reportProblem(json: unknown): string | null {
  if (!isPlainObject(json)) return 'not a JSON object';
  for (const key of ['requests', 'unserved'] as const) {
    if (typeof json[key] !== 'number') return `no number "${key}"`;
  }
  const servers = json.servers;
  if (!Array.isArray(servers)) return 'no "servers" list';
  for (const [i, s] of servers.entries()) {
    if (!isPlainObject(s)) return `servers[${i}] is not an object`;
    if (typeof s.listener !== 'string' || typeof s.target !== 'string') {
      return `servers[${i}] has no "listener" and "target"`;
    }
    for (const key of SERVER_NUMBERS) {
      if (typeof s[key] !== 'number') return `servers[${i}] has no number "${key}"`;
    }
  }
  return null;
}
