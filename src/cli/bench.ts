/**
 * `lbsim bench`: the CLI glue of `benchPickers` — arguments, loading a user's picker module,
 * the machine description (Node version, CPU model) and printing a table or JSON.
 */
import { cpus } from 'node:os';
import { basename, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ALGORITHMS, isAlgorithm, type Algorithm } from '../balancer/algorithms.js';
import { benchPickers, type BenchRow, type PickerFactory } from '../bench/bench-pickers.js';

const USAGE = `lbsim bench — how fast each picker picks, and how closely it follows the weights

Usage:
  lbsim bench [--algorithms a,b,...] [--targets 10,100,1000] [--module FILE] [--time MS] [--format table|json]

Options:
  --algorithms a,b,...   lbsim's algorithms to measure (default: all of ${ALGORITHMS.join(', ')})
  --targets N,N,...      target counts, weights 1..100 (default: 10,100,1000)
  --module FILE          also measure a picker of your own: an ES module whose default export is a
                         factory (targets, options) => { pick(hash) }, called as createPicker is
  --time MS              measuring time per case in milliseconds (default: 300)
  --format table|json    output format (default: table)

Columns: ns per pick; × floor, the ratio to a lookup in a typed array over the same keys; share
error, the largest |observed share − weight share| in percentage points; ± the relative margin
of error of the mean (95%), and p99 ns per pick.
`;

/** Bad arguments: one line on stderr, exit code 2. */
class UsageError extends Error {}

function list(text: string, option: string): string[] {
  const items = text.split(',').map((s) => s.trim());
  if (items.some((s) => s === ''))
    throw new UsageError(`${option}: must be a comma-separated list (got ${text})`);
  return items;
}

async function loadFactory(file: string): Promise<[string, PickerFactory]> {
  const path = resolve(file);
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (error) {
    throw new UsageError(`--module: cannot load ${file} (${(error as Error).message})`);
  }
  if (typeof mod.default !== 'function') {
    throw new UsageError(
      `--module: ${file} must export a picker factory as its default export, (targets, options) => picker (got ${typeof mod.default})`,
    );
  }
  const factory = mod.default as (...args: unknown[]) => unknown;
  const name = basename(path, extname(path));
  const checked: PickerFactory = (targets, options) => {
    const picker = factory(targets, options) as { pick?: unknown } | null;
    if (picker === null || typeof picker !== 'object' || typeof picker.pick !== 'function') {
      throw new UsageError(
        `--module: the factory of ${file} must return an object with a pick(hash) method`,
      );
    }
    return picker as ReturnType<PickerFactory>;
  };
  return [name, checked];
}

function renderTable(rows: readonly BenchRow[], header: string): string {
  const head = ['algorithm', 'targets', 'ns/pick', '× floor', 'share err pp', '± %', 'p99 ns'];
  const body = rows.map((r) => [
    r.algorithm,
    String(r.targets),
    r.nsPerPick.toFixed(1),
    r.floorRatio.toFixed(1),
    r.algorithm === 'floor' ? '' : (r.shareError * 100).toFixed(3),
    r.rme.toFixed(1),
    r.p99NsPerPick.toFixed(1),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return `${header}\n\n${[line(head), ...body.map(line)].join('\n')}\n`;
}

/** Runs `lbsim bench` with the arguments after `bench`; returns the exit code. */
export async function runBench(argv: readonly string[]): Promise<number> {
  try {
    return await bench(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
}

async function bench(argv: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        algorithms: { type: 'string' },
        targets: { type: 'string' },
        module: { type: 'string' },
        time: { type: 'string' },
        format: { type: 'string', short: 'f' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(`usage: ${(error as Error).message} (see lbsim bench --help)`);
  }
  if (values.help === true) {
    process.stdout.write(USAGE);
    return 0;
  }
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') {
    throw new UsageError(`--format: must be table or json (got ${format})`);
  }
  let algorithms: Algorithm[] = [...ALGORITHMS];
  if (values.algorithms !== undefined) {
    const names = list(values.algorithms, '--algorithms');
    const unknown = names.filter((n) => !isAlgorithm(n));
    if (unknown.length > 0) {
      throw new UsageError(
        `--algorithms: must be a comma-separated list of ${ALGORITHMS.join(', ')} (got ${values.algorithms})`,
      );
    }
    algorithms = names as Algorithm[];
  }
  let targets: number[] | undefined;
  if (values.targets !== undefined) {
    targets = list(values.targets, '--targets').map(Number);
    if (targets.some((n) => !Number.isInteger(n) || n < 1 || n > 10_000)) {
      throw new UsageError(
        `--targets: must be a comma-separated list of integers in 1..10000 (got ${values.targets})`,
      );
    }
  }
  let timeMs: number | undefined;
  if (values.time !== undefined) {
    timeMs = Number(values.time);
    if (values.time.trim() === '' || !Number.isFinite(timeMs) || timeMs <= 0) {
      throw new UsageError(`--time: must be a number of milliseconds > 0 (got ${values.time})`);
    }
  }
  const pickers =
    values.module === undefined ? {} : Object.fromEntries([await loadFactory(values.module)]);
  const rows = await benchPickers({ algorithms, targets, timeMs, pickers });
  const machine = {
    node: process.version,
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    timeMs: timeMs ?? 300,
  };
  process.stdout.write(
    format === 'json'
      ? `${JSON.stringify({ ...machine, rows }, null, 2)}\n`
      : renderTable(
          rows,
          `lbsim bench: Node ${machine.node}, ${machine.cpu}, ${machine.timeMs} ms per case`,
        ),
  );
  return 0;
}
