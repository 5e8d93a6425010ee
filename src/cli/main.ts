#!/usr/bin/env node
/**
 * The `lbsim` command: a thin shell around the library (argument parsing, file I/O, printing).
 * This file parses the arguments and hands each command to its own module.
 * Exit codes: 0 success; 2 invalid input (usage, unreadable file, bad JSON, a scenario that breaks
 * a rule) with one line per problem on stderr starting with the JSON path; 1 anything else.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ScenarioError, formatIssue, oneLine } from '../errors.js';
import { runBench } from './bench.js';
import { CLI_OPTIONS, type CliValues } from './cli-options.js';
import { compareCommand } from './compare-command.js';
import { CliInputError } from './read-input.js';
import { runCommand } from './run-command.js';
import { USAGE } from './usage.js';
import { validateCommand } from './validate-command.js';

type Command = (args: readonly string[], values: CliValues) => number | Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  run: runCommand,
  compare: compareCommand,
  validate: validateCommand,
};

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'bench') return runBench(argv.slice(1));
  const { values, positionals } = parseCommandLine(argv);
  const [command, ...rest] = positionals;
  if (values.help === true) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.version === true) {
    process.stdout.write(`${readVersion()}\n`);
    return 0;
  }
  if (command === undefined) {
    process.stdout.write(USAGE);
    return 0;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (run === undefined) {
    throw new CliInputError([
      `usage: unknown command ${JSON.stringify(command)} (see lbsim --help)`,
    ]);
  }
  return run(rest, values);
}

function parseCommandLine(argv: readonly string[]): {
  values: CliValues;
  positionals: string[];
} {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: CLI_OPTIONS,
    });
  } catch (error) {
    // CliInputError puts each line through oneLine: a message from the parser stays one line.
    const message = error instanceof Error ? error.message : String(error);
    throw new CliInputError([`usage: ${message} (see lbsim --help)`]);
  }
}

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function report(error: unknown): number {
  if (error instanceof ScenarioError) {
    for (const issue of error.issues) process.stderr.write(`${formatIssue(issue)}\n`);
    return 2;
  }
  if (error instanceof CliInputError) {
    for (const line of error.lines) process.stderr.write(`${line}\n`);
    return 2;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`lbsim: ${oneLine(message)}\n`);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = report(error);
  },
);
