/** `lbsim compare [SCENARIO.json]`: runs a scenario once per algorithm and prints the comparison. */
import { ALGORITHMS, type Algorithm } from '../balancer/algorithms.js';
import { renderComparisonJson, renderComparisonTable } from '../report/render-comparison.js';
import type { AlgorithmComparison } from '../report/types.js';
import { compareAlgorithm } from '../sim/compare.js';
import { checkOut, loadScenario, readCaps, writeOutput, type CliValues } from './cli-options.js';
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
  const algorithms = parseAlgorithms(values.algorithms);
  const input = args[0];
  checkOut(values.out, input);
  const scenario = loadScenario(input, values);
  const caps = readCaps(values);
  const rows: AlgorithmComparison[] = [];
  const runMs = new Map<string, number>();
  for (const algorithm of algorithms) {
    // Wall time of each run is what the table reports; the CLI is the one place that measures it.
    const start = performance.now();
    rows.push(await compareAlgorithm(scenario, algorithm, caps));
    runMs.set(algorithm, performance.now() - start);
  }
  writeOutput(
    values.out,
    format === 'json' ? renderComparisonJson(rows) : renderComparisonTable(rows, { runMs }),
  );
  return 0;
}

function parseAlgorithms(text: string | undefined): Algorithm[] {
  if (text === undefined) return [...ALGORITHMS];
  const names = text.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !(ALGORITHMS as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new CliInputError([
      `--algorithms: must be a comma-separated list of ${ALGORITHMS.join(', ')} (got ${text})`,
    ]);
  }
  return names as Algorithm[];
}
