/**
 * `lbsim compare --seeds N [--workers N]`: the comparison over N seeds with `sweep`, each metric
 * as mean ± the half-width of its 95% interval. Without `--seeds` the command prints the
 * single-seed comparison, unchanged.
 */
import { MAX_SWEEP_SEEDS } from '../limits.js';
import { renderSweepJson, renderSweepTable } from '../report/render-sweep.js';
import { sweep } from '../sim/sweep.js';
import { writeOutput, type Caps, type CliValues } from './cli-options.js';
import { withInterrupt } from './interrupt.js';
import { CliInputError } from './read-input.js';

function parseCount(flag: string, text: string, lo: number, hi: number): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < lo || n > hi) {
    throw new CliInputError([`${flag}: must be an integer in ${lo}..${hi} (got ${text})`]);
  }
  return n;
}

/** Whether the command line asks for a sweep; `--workers` alone is refused. */
export function wantsSeeds(values: CliValues): boolean {
  if (values.workers !== undefined && values.seeds === undefined) {
    throw new CliInputError(['--workers: only with --seeds N']);
  }
  return values.seeds !== undefined;
}

/** Runs the sweep of `lbsim compare --seeds N` and prints it; returns the exit code. */
export async function compareSeeds(
  scenario: unknown,
  values: CliValues,
  algorithms: readonly string[],
  caps: Caps,
  format: 'table' | 'json',
): Promise<number> {
  const seeds = parseCount('--seeds', values.seeds ?? '', 2, MAX_SWEEP_SEEDS);
  const workers =
    values.workers === undefined ? undefined : parseCount('--workers', values.workers, 0, 1024);
  return withInterrupt(async (signal) => {
    const result = await sweep(scenario, {
      ...caps,
      seeds,
      algorithms,
      workers,
      signal,
      ...(values.pickers === undefined ? {} : { pickerModule: values.pickers }),
    });
    writeOutput(values.out, format === 'json' ? renderSweepJson(result) : renderSweepTable(result));
    return 0;
  });
}
