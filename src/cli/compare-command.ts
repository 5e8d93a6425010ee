/** `lbsim compare [SCENARIO.json]`: runs a scenario once per algorithm and prints the comparison. */
import { ALGORITHMS } from '../balancer/algorithms.js';
import type { UserPickers } from '../balancer/user-algorithms.js';
import { renderComparisonJson, renderComparisonTable } from '../report/render-comparison.js';
import type { AlgorithmComparison } from '../report/types.js';
import { compareAlgorithm } from '../sim/compare.js';
import { checkOut, loadScenario, readCaps, writeOutput, type CliValues } from './cli-options.js';
import { compareSeeds, wantsSeeds } from './compare-seeds.js';
import { withInterrupt } from './interrupt.js';
import { loadPickers } from './load-pickers.js';
import { CliInputError } from './read-input.js';

/** Runs `lbsim compare`; `args` are the positionals after the command. */
export async function compareCommand(args: readonly string[], values: CliValues): Promise<number> {
  if (args.length > 1) {
    throw new CliInputError(['usage: lbsim compare [SCENARIO.json] [options]']);
  }
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') {
    throw new CliInputError([`--format: must be table or json for compare (got ${format})`]);
  }
  const input = args[0];
  checkOut(values.out, input);
  const seeds = wantsSeeds(values);
  const pickers = await loadPickers(values.pickers);
  const algorithms = parseAlgorithms(values.algorithms, pickers);
  const scenario = loadScenario(input, values);
  const caps = readCaps(values);
  if (seeds) return compareSeeds(scenario, values, algorithms, caps, format);
  return withInterrupt(async (signal) => {
    const rows: AlgorithmComparison[] = [];
    const runMs = new Map<string, number>();
    const options = { ...caps, signal, ...(pickers === undefined ? {} : { pickers }) };
    for (const algorithm of algorithms) {
      // Wall time of each run is what the table reports; the CLI is the one place that measures it.
      const start = performance.now();
      rows.push(await compareAlgorithm(scenario, algorithm, options));
      runMs.set(algorithm, performance.now() - start);
    }
    writeOutput(
      values.out,
      format === 'json' ? renderComparisonJson(rows) : renderComparisonTable(rows, { runMs }),
    );
    return 0;
  });
}

/** `--algorithms`: built-in names and those of `--pickers`; by default all of them. */
function parseAlgorithms(text: string | undefined, pickers: UserPickers | undefined): string[] {
  const known: readonly string[] = [...ALGORITHMS, ...Object.keys(pickers ?? {})];
  if (text === undefined) return [...known];
  const names = text.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new CliInputError([
      `--algorithms: must be a comma-separated list of ${known.join(', ')} (got ${text})`,
    ]);
  }
  return names;
}
