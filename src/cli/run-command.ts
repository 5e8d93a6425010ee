/** `lbsim run [SCENARIO.json]`: runs a scenario and prints or writes its report. */
import { renderHtml } from '../report/render-html.js';
import { renderJson } from '../report/render-json.js';
import { renderTable } from '../report/render-table.js';
import { simulate } from '../sim/simulate.js';
import { validateScenario } from '../scenario/validate-scenario.js';
import {
  checkOut,
  loadScenario,
  readCaps,
  reportWarnings,
  writeOutput,
  type CliValues,
} from './cli-options.js';
import { ProgressBar } from './progress-bar.js';
import { CliInputError } from './read-input.js';

const FORMATS = ['table', 'json', 'html'] as const;
type Format = (typeof FORMATS)[number];

/** Runs `lbsim run`; `args` are the positionals after the command. */
export async function runCommand(args: readonly string[], values: CliValues): Promise<number> {
  if (args.length > 1) throw new CliInputError(['usage: lbsim run [SCENARIO.json] [options]']);
  const format = (values.format ?? 'table') as Format;
  if (!FORMATS.includes(format)) {
    throw new CliInputError([
      `--format: must be one of ${FORMATS.join(', ')} (got ${values.format})`,
    ]);
  }
  const input = args[0];
  checkOut(values.out, input);
  const caps = readCaps(values);
  const scenario = validateScenario(loadScenario(input, values), caps);
  reportWarnings(scenario, values);
  const bar = process.stderr.isTTY ? new ProgressBar(process.stderr) : null;
  const report = await simulate(scenario, {
    ...caps,
    ...(bar === null
      ? {}
      : {
          onProgress: (f: number) => {
            bar.update(f);
          },
        }),
  });
  bar?.done();
  const text =
    format === 'json'
      ? renderJson(report)
      : format === 'html'
        ? renderHtml(report)
        : renderTable(report, { color: values.out === undefined && process.stdout.isTTY });
  writeOutput(values.out, text);
  return 0;
}
