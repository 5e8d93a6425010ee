/**
 * Every option of the `lbsim` command, one entry each: its type, its short form, the commands it
 * belongs to with the help line it has there. The parser (`parse-command-line.ts`) refuses an
 * option given to a command it does not belong to, and each command's `--help` lists its own.
 * Adding an option: one entry here, then read `values['its-name']` in the command.
 *
 * Also the readers that turn option values into library inputs (scenario, caps, output file), each
 * failing with a `CliInputError` (one line per problem, exit code 2).
 */
import { writeFileSync } from 'node:fs';
import { formatIssue, ScenarioError } from '../errors.js';
import { DEFAULT_SCENARIO } from '../scenario/default-scenario.js';
import type { Scenario } from '../scenario/types.js';
import {
  checkOutputPath,
  parseCap,
  parseWindowSec,
  readScenarioFile,
  STDIO,
} from './read-input.js';

/** The commands of `lbsim`. */
export const COMMAND_NAMES = [
  'run',
  'validate',
  'compare',
  'diff',
  'init',
  'bench',
  'help',
] as const;
/** A command of `lbsim`. */
export type CommandName = (typeof COMMAND_NAMES)[number];

/** One option: its parser type, short form, value name, and its help line per command. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** The value's name in help (`FILE`, `N`); string options only. */
  readonly arg?: string;
  /** The commands it belongs to, with what it does there. Absent: every command (and none). */
  readonly commands?: Partial<Readonly<Record<CommandName, string>>>;
  /** Its help line when it belongs to every command. */
  readonly help?: string;
}

const CAP_NOTE = 'wins over the scenario\u2019s own "options"';

/** Every option, in the order help lists them. */
export const CLI_OPTIONS = {
  format: {
    type: 'string',
    short: 'f',
    arg: 'FORMAT',
    commands: {
      run: 'table, json or html (default: table)',
      compare: 'table or json (default: table)',
      diff: 'table or json (default: table)',
      bench: 'table or json (default: table)',
    },
  },
  out: {
    type: 'string',
    short: 'o',
    arg: 'FILE',
    commands: {
      run: 'write the report to FILE instead of standard output (checked before the run)',
      compare: 'write the comparison to FILE instead of standard output',
      diff: 'write the difference to FILE instead of standard output',
    },
  },
  'fail-on': {
    type: 'string',
    arg: 'LIST',
    commands: {
      run: 'exit 3 when a threshold is breached, e.g. "maxDeviationPp>2,unserved>0.1%" (see below)',
    },
  },
  window: {
    type: 'string',
    arg: 'SEC',
    commands: {
      run: 'width of the report\u2019s time windows (default: 10, or the scenario\u2019s)',
      compare: 'as for run',
    },
  },
  seed: {
    type: 'string',
    arg: 'S',
    commands: { run: 'override the scenario\u2019s seed', compare: 'as for run' },
  },
  algorithms: {
    type: 'string',
    arg: 'a,b,...',
    commands: {
      compare: 'which algorithms (default: all)',
      bench: 'lbsim\u2019s algorithms to measure (default: all)',
    },
  },
  'max-requests': {
    type: 'string',
    arg: 'N',
    commands: {
      run: `cap on the run\u2019s estimated work in requests (default: 1e9; ${CAP_NOTE})`,
      compare: 'as for run',
      validate: 'as for run',
    },
  },
  'max-memory-mb': {
    type: 'string',
    arg: 'N',
    commands: {
      run: `cap on estimated memory in MiB (default: 1536; ${CAP_NOTE})`,
      compare: 'as for run',
      validate: 'as for run',
    },
  },
  'max-events': {
    type: 'string',
    arg: 'N',
    commands: {
      run: `cap on timed events (default: 100000; ${CAP_NOTE})`,
      compare: 'as for run',
      validate: 'as for run',
    },
  },
  seeds: {
    type: 'string',
    arg: 'N',
    commands: {
      compare: 'run each algorithm with N seeds (2..1000): mean ± 95% interval (Student t)',
    },
  },
  workers: {
    type: 'string',
    arg: 'N',
    commands: {
      compare: 'worker threads for --seeds (default: processors − 1; 0 runs in-process)',
    },
  },
  pickers: {
    type: 'string',
    arg: 'FILE',
    commands: {
      run: 'an ES module of your own pickers, which the scenario may name as algorithms',
      compare: 'your own pickers (as for run), compared beside the built-ins',
    },
  },
  strict: {
    type: 'boolean',
    commands: {
      run: 'the scenario\u2019s warnings are errors (exit 2); without it they are listed on stderr',
      validate: 'as for run',
    },
  },
  targets: {
    type: 'string',
    arg: 'N,N,...',
    commands: { bench: 'target counts, weights 1..100 (default: 10,100,1000)' },
  },
  module: {
    type: 'string',
    arg: 'FILE',
    commands: {
      bench:
        'also measure your own picker: an ES module whose default export is a factory (targets, options) => { pick(hash) }',
    },
  },
  time: {
    type: 'string',
    arg: 'MS',
    commands: { bench: 'measuring time per case in milliseconds (default: 300)' },
  },
  force: {
    type: 'boolean',
    commands: { init: 'replace FILE if it exists' },
  },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
  version: { type: 'boolean', short: 'v', help: 'print lbsim\u2019s version' },
} as const satisfies Readonly<Record<string, OptionSpec>>;

/** An option's long name. */
export type OptionName = keyof typeof CLI_OPTIONS;

/** The parsed option values (every one optional): a string or `true`, by the option's type. */
export type CliValues = {
  readonly [K in OptionName]?: (typeof CLI_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

/** The caps a run is validated against, as `validateScenario` and `simulate` take them. */
export interface Caps {
  maxRequests?: number;
  maxMemoryMb?: number;
  maxEvents?: number;
}

/** `--max-requests`, `--max-memory-mb` and `--max-events`, those given. */
export function readCaps(values: CliValues): Caps {
  const caps: Caps = {};
  const requests = values['max-requests'];
  const memory = values['max-memory-mb'];
  const events = values['max-events'];
  if (requests !== undefined) caps.maxRequests = parseCap('--max-requests', requests);
  if (memory !== undefined) caps.maxMemoryMb = parseCap('--max-memory-mb', memory);
  if (events !== undefined) caps.maxEvents = parseCap('--max-events', events);
  return caps;
}

/**
 * The scenario of `run` or `compare` (the file given, `-` for standard input, else the built-in
 * default) with `--seed` and `--window` written in, so that their problems are reported at the
 * scenario's paths.
 */
export function loadScenario(file: string | undefined, values: CliValues): unknown {
  const json = file === undefined ? structuredClone(DEFAULT_SCENARIO) : readScenarioFile(file);
  return applyOverrides(json, values.seed, values.window);
}

function applyOverrides(
  json: unknown,
  seed: string | undefined,
  window: string | undefined,
): unknown {
  if (seed === undefined && window === undefined) return json;
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return json;
  const copy = { ...(json as Record<string, unknown>) };
  if (seed !== undefined) copy['seed'] = seed;
  if (window !== undefined) {
    const sec = parseWindowSec(window);
    const options = copy['options'];
    copy['options'] = {
      ...(options !== null && typeof options === 'object' ? options : {}),
      windowSec: sec,
    };
  }
  return copy;
}

/**
 * Checks `--out` before any work starts: its directory exists and is writable, and it does not
 * name an input file (the report would replace it). `-` is standard output.
 */
export function checkOut(out: string | undefined, inputs: readonly (string | undefined)[]): void {
  if (out === undefined || out === STDIO) return;
  checkOutputPath(
    out,
    inputs.filter((i): i is string => i !== undefined && i !== STDIO),
  );
}

/**
 * Lists a valid scenario's warnings on stderr (`PATH: warning: MESSAGE`); with `--strict` they are
 * errors instead (a `ScenarioError`, exit 2).
 */
export function reportWarnings(scenario: Scenario, values: CliValues): void {
  const warnings = scenario.warnings ?? [];
  if (warnings.length === 0) return;
  if (values.strict === true) throw new ScenarioError(warnings);
  for (const w of warnings)
    process.stderr.write(`${formatIssue({ ...w, message: `warning: ${w.message}` })}\n`);
}

/** Writes `text` to `--out` (saying so on stderr), or to standard output when none is given. */
export function writeOutput(out: string | undefined, text: string): void {
  if (out === undefined || out === STDIO) {
    process.stdout.write(text);
    return;
  }
  writeFileSync(out, text);
  process.stderr.write(`wrote ${out}\n`);
}
