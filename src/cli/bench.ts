/**
 * `lbsim bench`: the CLI glue of `benchPickers` — arguments, loading a user's picker module,
 * the machine description (Node version, CPU model) and printing a table or JSON.
 */
import { cpus } from 'node:os';
import { basename, extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ALGORITHMS, isAlgorithm, type Algorithm } from '../balancer/algorithms.js';
import { benchPickers, type BenchRow, type PickerFactory } from '../bench/bench-pickers.js';
import type { CliValues } from './cli-options.js';
import { CliInputError } from './read-input.js';

function list(text: string, option: string): string[] {
  const items = text.split(',').map((s) => s.trim());
  if (items.some((s) => s === ''))
    throw new CliInputError([`${option}: must be a comma-separated list (got ${text})`]);
  return items;
}

async function loadFactory(file: string): Promise<[string, PickerFactory]> {
  const path = resolve(file);
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (error) {
    throw new CliInputError([`--module: cannot load ${file} (${(error as Error).message})`]);
  }
  if (typeof mod.default !== 'function') {
    throw new CliInputError([
      `--module: ${file} must export a picker factory as its default export, (targets, options) => picker (got ${typeof mod.default})`,
    ]);
  }
  const factory = mod.default as (...args: unknown[]) => unknown;
  const name = basename(path, extname(path));
  const checked: PickerFactory = (targets, options) => {
    const picker = factory(targets, options) as { pick?: unknown } | null;
    if (picker === null || typeof picker !== 'object' || typeof picker.pick !== 'function') {
      throw new CliInputError([
        `--module: the factory of ${file} must return an object with a pick(hash) method`,
      ]);
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

/** Runs `lbsim bench`; it takes no positionals. */
export async function benchCommand(args: readonly string[], values: CliValues): Promise<number> {
  if (args.length > 0) {
    throw new CliInputError([
      `lbsim bench: takes no file (got ${args.join(' ')}); see lbsim bench --help`,
    ]);
  }
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') {
    throw new CliInputError([`--format: must be table or json (got ${format})`]);
  }
  let algorithms: Algorithm[] = [...ALGORITHMS];
  if (values.algorithms !== undefined) {
    const names = list(values.algorithms, '--algorithms');
    const unknown = names.filter((n) => !isAlgorithm(n));
    if (unknown.length > 0) {
      throw new CliInputError([
        `--algorithms: must be a comma-separated list of ${ALGORITHMS.join(', ')} (got ${values.algorithms})`,
      ]);
    }
    algorithms = names as Algorithm[];
  }
  let targets: number[] | undefined;
  if (values.targets !== undefined) {
    targets = list(values.targets, '--targets').map(Number);
    if (targets.some((n) => !Number.isInteger(n) || n < 1 || n > 10_000)) {
      throw new CliInputError([
        `--targets: must be a comma-separated list of integers in 1..10000 (got ${values.targets})`,
      ]);
    }
  }
  let timeMs: number | undefined;
  if (values.time !== undefined) {
    timeMs = Number(values.time);
    if (values.time.trim() === '' || !Number.isFinite(timeMs) || timeMs <= 0) {
      throw new CliInputError([
        `--time: must be a number of milliseconds > 0 (got ${values.time})`,
      ]);
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
