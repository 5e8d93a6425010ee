/**
 * The options shared by `lbsim run`, `compare` and `validate`: their parser definition and the
 * readers that turn them into library inputs (scenario, caps, output file), each failing with a
 * `CliInputError` (one line per problem, exit code 2).
 */
import { writeFileSync } from 'node:fs';
import { formatIssue, ScenarioError } from '../errors.js';
import { DEFAULT_SCENARIO } from '../scenario/default-scenario.js';
import type { Scenario } from '../scenario/types.js';
import { checkOutputPath, parseCap, parseWindowSec, readScenarioFile } from './read-input.js';

/** The `parseArgs` definition of every option of `run`, `compare` and `validate`. */
export const CLI_OPTIONS = {
  format: { type: 'string', short: 'f' },
  out: { type: 'string', short: 'o' },
  window: { type: 'string' },
  seed: { type: 'string' },
  'max-requests': { type: 'string' },
  'max-memory-mb': { type: 'string' },
  'max-events': { type: 'string' },
  algorithms: { type: 'string' },
  strict: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** The parsed option values (every one optional). */
export interface CliValues {
  readonly format?: string | undefined;
  readonly out?: string | undefined;
  readonly window?: string | undefined;
  readonly seed?: string | undefined;
  readonly 'max-requests'?: string | undefined;
  readonly 'max-memory-mb'?: string | undefined;
  readonly 'max-events'?: string | undefined;
  readonly algorithms?: string | undefined;
  /** Warnings are errors (exit 2). */
  readonly strict?: boolean | undefined;
  readonly help?: boolean | undefined;
  readonly version?: boolean | undefined;
}

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
 * The scenario of `run` or `compare` (the file given, else the built-in default) with `--seed` and
 * `--window` written in, so that their problems are reported at the scenario's paths.
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
 * Checks `--out` before any work starts: it must not name the scenario file (the report would
 * replace it).
 */
export function checkOut(out: string | undefined, input: string | undefined): void {
  if (out !== undefined) checkOutputPath(out, input === undefined ? [] : [input]);
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
  if (out === undefined) {
    process.stdout.write(text);
    return;
  }
  writeFileSync(out, text);
  process.stderr.write(`wrote ${out}\n`);
}
