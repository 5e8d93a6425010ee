/**
 * The help `lbsim` prints: the overview (`lbsim --help`) and each command's own (`lbsim run
 * --help`, `lbsim help run`), its options listed from the option table so help never drifts
 * from what the parser accepts.
 */
import { ALGORITHMS } from '../balancer/algorithms.js';
import { CLI_OPTIONS, COMMAND_NAMES, type CommandName, type OptionSpec } from './cli-options.js';
import { optionsOf } from './parse-command-line.js';
import { METRIC_NAMES } from '../report/thresholds.js';

/** What help says about a command. */
interface CommandHelp {
  /** Its positionals, as the usage line shows them. */
  readonly synopsis: string;
  /** One line for the overview. */
  readonly summary: string;
  /** More, after the options. */
  readonly details?: string;
}

/** The exit codes, with `extra` (e.g. code 3 of run) before the catch-all 1. */
function exitCodes(extra = ''): string {
  return `Exit codes: 0 success; 2 invalid input (one line per problem on stderr, starting with
its JSON path)${extra}; 1 other errors.`;
}
const EXIT_CODES = exitCodes();
const FAIL_ON_EXIT = '; 3 a --fail-on threshold breached';

const COMMAND_HELP: Readonly<Record<CommandName, CommandHelp>> = {
  run: {
    synopsis: '[SCENARIO.json | -]',
    summary: 'run a scenario and print its report (the built-in default when none is given)',
    details: `SCENARIO.json is a scenario file; - reads it from standard input.
Thresholds (--fail-on): comma-separated METRIC>N, >=, < or <=; N% for a share of the
requests (unserved, failed, blocked, retries). Metrics: ${METRIC_NAMES.join(', ')};
maxDeviationPp, requests, failed and blocked also per target: maxDeviationPp[ins-a:8080]>5.
The report is written first; then each breached threshold is listed on stderr (metric, limit,
actual) and lbsim exits 3.
${exitCodes(FAIL_ON_EXIT)}`,
  },
  validate: {
    synopsis: 'SCENARIO.json | -',
    summary: 'check a scenario without running it',
    details: `Every problem is reported at once, one line each, starting with its JSON path; an unknown
field is a problem (notes go in "description" or keys starting with "_" or "x-").
${EXIT_CODES}`,
  },
  compare: {
    synopsis: '[SCENARIO.json | -]',
    summary: 'run it once per algorithm: fairness, disruption, time',
    details: `Algorithms: ${ALGORITHMS.join(', ')}.
${EXIT_CODES}`,
  },
  diff: {
    synopsis: 'A.json B.json',
    summary:
      'two JSON reports side by side (lbsim run --format json), e.g. before and after a change',
    details: `Per target: share, expected share and deviation in each report, the change in percentage
points, requests, and p99 latency when the reports have it; then the report-wide metrics.
${EXIT_CODES}`,
  },
  init: {
    synopsis: '[FILE | -]',
    summary: 'write a commented starter scenario (default: scenario.json; - prints it)',
    details:
      'The starter validates and runs as it is; its notes are in "description" and "_comment" keys.',
  },
  bench: {
    synopsis: '',
    summary: 'time the pickers on this machine',
    details: `Columns: ns per pick; × floor, the ratio to a lookup in a typed array over the same keys; share
error, the largest |observed share − weight share| in percentage points; ± the relative margin
of error of the mean (95%), and p99 ns per pick. Algorithms: ${ALGORITHMS.join(', ')}.`,
  },
  help: {
    synopsis: '[COMMAND]',
    summary: 'show the help of a command',
  },
};

function optionLines(command: CommandName): string[] {
  const rows = optionsOf(command).map(([name, spec]) => {
    const left = `${spec.short === undefined ? '    ' : `-${spec.short}, `}--${name}${valueOf(spec)}`;
    return [left, spec.commands?.[command] ?? spec.help ?? ''] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, text]) => `  ${left.padEnd(width)}${text}`);
}

function valueOf(spec: OptionSpec): string {
  return spec.type === 'string' ? ` ${spec.arg ?? 'VALUE'}` : '';
}

/** `lbsim COMMAND --help`. */
export function commandUsage(command: CommandName): string {
  const help = COMMAND_HELP[command];
  const synopsis = [`lbsim ${command}`, help.synopsis, '[options]'].filter((s) => s !== '');
  return [
    `lbsim ${command} — ${help.summary}`,
    '',
    'Usage:',
    `  ${synopsis.join(' ')}`,
    '',
    'Options:',
    ...optionLines(command),
    ...(help.details === undefined ? [] : ['', help.details]),
    '',
  ].join('\n');
}

/** `lbsim --help`. */
export function mainUsage(): string {
  const rows = COMMAND_NAMES.map((c) => [
    `lbsim ${c} ${COMMAND_HELP[c].synopsis}`.trimEnd(),
    COMMAND_HELP[c].summary,
  ]);
  const width = Math.max(...rows.map(([left]) => left!.length)) + 2;
  const version = CLI_OPTIONS.version;
  return [
    'lbsim — simulate how a cloud load balancer spreads traffic over weighted backends',
    '',
    'Usage:',
    ...rows.map(([left, text]) => `  ${left!.padEnd(width)}${text}`),
    `  ${'lbsim --help | --version'.padEnd(width)}this help; ${version.help}`,
    '',
    'Each command has its own options: lbsim help COMMAND (or lbsim COMMAND --help) lists them.',
    'Colour: the table marks outliers in colour on a terminal; NO_COLOR=1 turns colour off,',
    'FORCE_COLOR=1 turns it on when the output is not a terminal (FORCE_COLOR=0 off).',
    'Ctrl-C stops a run or comparison cleanly (exit code 130).',
    exitCodes(`${FAIL_ON_EXIT} (run)`),
    '',
  ].join('\n');
}
