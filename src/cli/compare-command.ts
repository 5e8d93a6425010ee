/** `lbsim compare [SCENARIO.json | -]`: runs a scenario once per algorithm and prints the comparison. */
import { ALGORITHMS } from '../balancer/algorithms.js';
import type { UserPickers } from '../balancer/user-algorithms.js';
import { didYouMean } from '../did-you-mean.js';
import { renderComparisonJson, renderComparisonTable } from '../report/render-comparison.js';
import type { AlgorithmComparison } from '../report/types.js';
import { compareAlgorithm } from '../sim/compare.js';
import { checkOut, loadScenario, readCaps, writeOutput, type CliValues } from './cli-options.js';
import { compareSeeds, wantsSeeds } from './compare-seeds.js';
import { withInterrupt } from './interrupt.js';
import { loadPickers } from './load-pickers.js';
import { ProgressBar, workOf } from './progress-bar.js';
import { CliInputError } from './read-input.js';
import { useProgressBar } from './terminal.js';

/** Runs `lbsim compare`; `args` are the positionals after the command. */
export async function compareCommand(args: readonly string[], values: CliValues): Promise<number> {
  if (args.length > 1) {
    throw new CliInputError([
      `lbsim compare: one scenario at most (got ${args.length}); usage: lbsim compare [SCENARIO.json | -] [options]`,
    ]);
  }
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') {
    throw new CliInputError([`--format: must be table or json for compare (got ${format})`]);
  }
  const input = args[0];
  checkOut(values.out, [input]);
  const seeds = wantsSeeds(values);
  const pickers = await loadPickers(values.pickers);
  const algorithms = parseAlgorithms(values.algorithms, pickers);
  const scenario = loadScenario(input, values);
  const caps = readCaps(values);
  if (seeds) return compareSeeds(scenario, values, algorithms, caps, format);
  return withInterrupt(async (signal) => {
    const bar = useProgressBar(process.stderr)
      ? new ProgressBar(process.stderr, { ...workOf(scenario), runs: algorithms.length })
      : null;
    const rows: AlgorithmComparison[] = [];
    const runMs = new Map<string, number>();
    const options = { ...caps, signal, ...(pickers === undefined ? {} : { pickers }) };
    try {
      for (const [i, algorithm] of algorithms.entries()) {
        bar?.startRun(i, algorithm);
        // Wall time of each run is what the table reports; the CLI is the one place that measures it.
        const start = performance.now();
        rows.push(
          await compareAlgorithm(scenario, algorithm, {
            ...options,
            ...(bar === null
              ? {}
              : {
                  onProgress: (f: number) => {
                    bar.update(f);
                  },
                }),
          }),
        );
        runMs.set(algorithm, performance.now() - start);
      }
    } finally {
      bar?.done();
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
    const hints = unknown.map((n) => `${JSON.stringify(n)}${didYouMean(n, known)}`);
    throw new CliInputError([
      `--algorithms: unknown ${hints.join(', ')}; must be a comma-separated list of ${known.join(', ')}`,
    ]);
  }
  return names;
}
