#!/usr/bin/env node
/**
 * The `lbsim` command: a thin shell around the library (argument parsing, file I/O, printing).
 * Exit codes: 0 success; 2 invalid input (usage, unreadable file, bad JSON, a scenario that breaks
 * a rule) with one line per problem on stderr starting with the JSON path; 1 anything else.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ALGORITHMS, type Algorithm } from '../balancer/algorithms.js';
import { ScenarioError, formatIssue } from '../errors.js';
import { renderComparisonJson, renderComparisonTable } from '../report/render-comparison.js';
import { renderHtml } from '../report/render-html.js';
import { renderJson } from '../report/render-json.js';
import { renderTable } from '../report/render-table.js';
import { DEFAULT_SCENARIO } from '../scenario/default-scenario.js';
import { validateScenario } from '../scenario/validate-scenario.js';
import type { AlgorithmComparison } from '../report/types.js';
import { compareAlgorithm } from '../sim/compare.js';
import { simulate } from '../sim/simulate.js';
import { runBench } from './bench.js';
import { ProgressBar } from './progress-bar.js';

const USAGE = `lbsim — simulate how a cloud load balancer spreads traffic over weighted backends

Usage:
  lbsim run [SCENARIO.json] [options]   run a scenario (the built-in default when none is given)
  lbsim validate SCENARIO.json           check a scenario without running it
  lbsim compare [SCENARIO.json] [options] run it once per algorithm: fairness, disruption, time
  lbsim bench [options]                  time the pickers (lbsim bench --help)
  lbsim --help | --version

Options of run:
  --format table|json|html   report format (default: table)
  --out FILE                 write the report to FILE instead of standard output
  --window SEC               width of the report's time windows (default: 10, or the scenario's)
  --seed S                   override the scenario's seed
  --max-requests N           raise or lower the cap on expected requests (default: 1e9)

Options of compare:
  --algorithms a,b,...       which algorithms (default: all of ${ALGORITHMS.join(', ')})
  --format table|json        output format (default: table)
  --seed S, --max-requests N as for run

Exit codes: 0 success, 2 invalid input (one line per problem, starting with its JSON path), 1 other errors.
`;

/** Invalid input: printed one line per problem, exit code 2. */
class InputError extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
  }
}

const FORMATS = ['table', 'json', 'html'] as const;
type Format = (typeof FORMATS)[number];

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'bench') return runBench(argv.slice(1));
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        out: { type: 'string', short: 'o' },
        window: { type: 'string' },
        seed: { type: 'string' },
        'max-requests': { type: 'string' },
        algorithms: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new InputError([`usage: ${(error as Error).message} (see lbsim --help)`]);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help === true) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.version === true) {
    process.stdout.write(`${readVersion()}\n`);
    return 0;
  }
  if (command === 'validate') {
    if (rest.length !== 1) throw new InputError(['usage: lbsim validate SCENARIO.json']);
    const file = rest[0]!;
    const scenario = validateScenario(readJson(file), maxRequests(values['max-requests']));
    const targets = scenario.listeners.reduce(
      (n, l) => n + l.targets.length + l.rules.reduce((m, r) => m + r.targets.length, 0),
      0,
    );
    process.stdout.write(
      `${file}: valid (${scenario.listeners.length} listeners, ${targets} targets, ${scenario.events.length} events)\n`,
    );
    return 0;
  }
  if (command === 'run') {
    if (rest.length > 1) throw new InputError(['usage: lbsim run [SCENARIO.json] [options]']);
    const format = (values.format ?? 'table') as Format;
    if (!FORMATS.includes(format)) {
      throw new InputError([
        `--format: must be one of ${FORMATS.join(', ')} (got ${values.format})`,
      ]);
    }
    const json = rest.length === 1 ? readJson(rest[0]!) : structuredClone(DEFAULT_SCENARIO);
    const scenario = applyOverrides(json, values.seed, values.window);
    const bar = process.stderr.isTTY ? new ProgressBar(process.stderr) : null;
    const report = await simulate(scenario, {
      ...maxRequests(values['max-requests']),
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
    if (values.out !== undefined) {
      writeFileSync(values.out, text);
      process.stderr.write(`wrote ${values.out}\n`);
    } else {
      process.stdout.write(text);
    }
    return 0;
  }
  if (command === 'compare') {
    if (rest.length > 1) throw new InputError(['usage: lbsim compare [SCENARIO.json] [options]']);
    const format = values.format ?? 'table';
    if (format !== 'table' && format !== 'json') {
      throw new InputError([`--format: must be table or json for compare (got ${format})`]);
    }
    const algorithms = parseAlgorithms(values.algorithms);
    const json = rest.length === 1 ? readJson(rest[0]!) : structuredClone(DEFAULT_SCENARIO);
    const scenario = applyOverrides(json, values.seed, values.window);
    const limits = maxRequests(values['max-requests']);
    const rows: AlgorithmComparison[] = [];
    const runMs = new Map<string, number>();
    for (const algorithm of algorithms) {
      const start = performance.now();
      rows.push(await compareAlgorithm(scenario, algorithm, limits));
      runMs.set(algorithm, performance.now() - start);
    }
    process.stdout.write(
      format === 'json' ? renderComparisonJson(rows) : renderComparisonTable(rows, { runMs }),
    );
    return 0;
  }
  if (command === undefined) {
    process.stdout.write(USAGE);
    return 0;
  }
  throw new InputError([`usage: unknown command ${JSON.stringify(command)} (see lbsim --help)`]);
}

function parseAlgorithms(text: string | undefined): Algorithm[] {
  if (text === undefined) return [...ALGORITHMS];
  const names = text.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !(ALGORITHMS as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new InputError([
      `--algorithms: must be a comma-separated list of ${ALGORITHMS.join(', ')} (got ${text})`,
    ]);
  }
  return names as Algorithm[];
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new InputError([`${file}: cannot read the file (${code})`]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError([`${file}: not valid JSON (${(error as Error).message})`]);
  }
}

/** `--seed` and `--window` write into the scenario, so their problems are reported at its paths. */
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
    const sec = Number(window);
    if (window.trim() === '' || !Number.isFinite(sec) || sec <= 0) {
      throw new InputError([`--window: must be a number of seconds > 0 (got ${window})`]);
    }
    const options = copy['options'];
    copy['options'] = {
      ...(options !== null && typeof options === 'object' ? options : {}),
      windowSec: sec,
    };
  }
  return copy;
}

function maxRequests(text: string | undefined): { maxRequests?: number } {
  if (text === undefined) return {};
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) {
    throw new InputError([`--max-requests: must be a number > 0 (got ${text})`]);
  }
  return { maxRequests: n };
}

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ScenarioError) {
      for (const issue of error.issues) process.stderr.write(`${formatIssue(issue)}\n`);
      process.exitCode = 2;
    } else if (error instanceof InputError) {
      for (const line of error.lines) process.stderr.write(`${line}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`lbsim: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
