/** `lbsim run [SCENARIO.json | -]`: runs a scenario and prints or writes its report. */
import { LbsimRangeError } from '../errors.js';
import { renderHtml } from '../report/render-html.js';
import { renderJsonBytes } from '../report/render-json.js';
import { renderTable } from '../report/render-table.js';
import {
  checkThresholds,
  formatBreach,
  parseThresholds,
  type Threshold,
} from '../report/thresholds.js';
import type { Report } from '../report/types.js';
import { simulate, type SimulateAsyncOptions } from '../sim/simulate.js';
import {
  checkOut,
  loadScenario,
  readCaps,
  reportWarnings,
  writeOutput,
  type CliValues,
} from './cli-options.js';
import { withInterrupt } from './interrupt.js';
import { writeChunks } from './write-chunks.js';
import { loadPickers } from './load-pickers.js';
import { ProgressBar, workOf } from './progress-bar.js';
import { validateScenario } from '../scenario/validate-scenario.js';
import { CliInputError } from './read-input.js';
import { useColor, useProgressBar } from './terminal.js';

const FORMATS = ['table', 'json', 'html'] as const;
type Format = (typeof FORMATS)[number];

/** Exit code of a run that breached a `--fail-on` threshold. */
export const EXIT_THRESHOLD = 3;

/** Runs `lbsim run`; `args` are the positionals after the command. */
export async function runCommand(args: readonly string[], values: CliValues): Promise<number> {
  if (args.length > 1) {
    throw new CliInputError([
      `lbsim run: one scenario at most (got ${args.length}: ${args.join(' ')}); usage: lbsim run [SCENARIO.json | -] [options]`,
    ]);
  }
  const format = (values.format ?? 'table') as Format;
  if (!FORMATS.includes(format)) {
    throw new CliInputError([
      `--format: must be one of ${FORMATS.join(', ')} (got ${values.format})`,
    ]);
  }
  const thresholds = readThresholds(values['fail-on']);
  const input = args[0];
  checkOut(values.out, [input]);
  const pickers = await loadPickers(values.pickers);
  const scenario = loadScenario(input, values);
  const caps = readCaps(values);
  // Validated here first so that warnings are listed (or, with --strict, refused) before the run.
  reportWarnings(validateScenario(scenario, { ...caps, pickers }), values);
  return withInterrupt((signal) =>
    runScenario(scenario, values, format, thresholds, { ...caps, signal, pickers }),
  );
}

async function runScenario(
  scenario: unknown,
  values: CliValues,
  format: Format,
  thresholds: readonly Threshold[],
  options: SimulateAsyncOptions,
): Promise<number> {
  const bar = useProgressBar(process.stderr)
    ? new ProgressBar(process.stderr, workOf(scenario))
    : null;
  let report: Report;
  try {
    report = await simulate(scenario, {
      ...options,
      ...(bar === null
        ? {}
        : {
            onProgress: (f: number) => {
              bar.update(f);
            },
          }),
    });
  } finally {
    bar?.done();
  }
  const toStdout = values.out === undefined || values.out === '-';
  if (format === 'json') {
    // Written as it is rendered: a report of millions of window counters is never one string.
    await writeChunks(values.out, renderJsonBytes(report));
  } else {
    const text =
      format === 'html'
        ? renderHtml(report)
        : renderTable(report, { color: toStdout && useColor(process.stdout) });
    writeOutput(values.out, text);
  }
  return failOn(report, thresholds);
}

function readThresholds(text: string | undefined): Threshold[] {
  if (text === undefined) return [];
  try {
    return parseThresholds(text);
  } catch (error) {
    if (error instanceof LbsimRangeError) throw new CliInputError([`--fail-on: ${error.message}`]);
    throw error;
  }
}

/** Lists each breached threshold on stderr; the exit code. */
function failOn(report: Report, thresholds: readonly Threshold[]): number {
  if (thresholds.length === 0) return 0;
  let breaches;
  try {
    breaches = checkThresholds(report, thresholds);
  } catch (error) {
    if (error instanceof LbsimRangeError) throw new CliInputError([`--fail-on: ${error.message}`]);
    throw error;
  }
  for (const breach of breaches) process.stderr.write(`${formatBreach(breach, report)}\n`);
  return breaches.length > 0 ? EXIT_THRESHOLD : 0;
}
