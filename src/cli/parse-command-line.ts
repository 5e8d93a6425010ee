/**
 * Reads `lbsim`'s arguments: the command, its options (each must belong to it, per the option
 * table in `cli-options.ts`) and its positionals. Node's `parseArgs` splits the tokens; every
 * problem is then said in lbsim's words, with "did you mean" for a misspelt option or command.
 */
import { parseArgs } from 'node:util';
import { closest, didYouMean } from '../did-you-mean.js';
import {
  CLI_OPTIONS,
  COMMAND_NAMES,
  type CliValues,
  type CommandName,
  type OptionName,
  type OptionSpec,
} from './cli-options.js';
import { CliInputError } from './read-input.js';

/** What the command line asks for. */
export interface CommandLine {
  /** null when no command is given (`lbsim`, `lbsim --help`, `lbsim --version`). */
  readonly command: CommandName | null;
  readonly values: CliValues;
  readonly positionals: readonly string[];
}

const SPECS: Readonly<Record<string, OptionSpec>> = CLI_OPTIONS;
const NAMES = Object.keys(SPECS);

/** Whether `option` may be given to `command` (help and version go with any). */
export function belongsTo(option: string, command: CommandName | null): boolean {
  const commands = SPECS[option]?.commands;
  return commands === undefined || (command !== null && Object.hasOwn(commands, command));
}

/** Parses `argv` (the arguments after `lbsim`). */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const options = Object.fromEntries(
    NAMES.map((name) => {
      const spec = SPECS[name]!;
      return [
        name,
        spec.short === undefined ? { type: spec.type } : { type: spec.type, short: spec.short },
      ];
    }),
  );
  const { tokens } = parseArgs({
    args: [...argv],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const positionals: string[] = [];
  let command: CommandName | null = null;
  let first = true;
  for (const token of tokens) {
    if (token.kind !== 'positional') continue;
    if (first) command = readCommand(token.value);
    else positionals.push(token.value);
    first = false;
  }
  const values: Record<string, string | boolean> = {};
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const value = readOption(token, command);
    if (Object.hasOwn(values, token.name)) {
      throw usage(command, `${flag(token.name)} is given twice`);
    }
    values[token.name] = value;
  }
  return { command, values: values, positionals };
}

function readCommand(word: string): CommandName {
  if ((COMMAND_NAMES as readonly string[]).includes(word)) return word as CommandName;
  throw new CliInputError([
    `lbsim: unknown command ${JSON.stringify(word)}${didYouMean(word, COMMAND_NAMES)}; the commands are ${COMMAND_NAMES.join(', ')} (see lbsim --help)`,
  ]);
}

interface OptionToken {
  readonly name: string;
  readonly rawName: string;
  readonly value?: string | undefined;
  readonly inlineValue?: boolean | undefined;
}

function readOption(token: OptionToken, command: CommandName | null): string | boolean {
  const spec = Object.hasOwn(SPECS, token.name) ? SPECS[token.name] : undefined;
  if (spec === undefined) {
    throw usage(command, `unknown option ${token.rawName}${optionHint(token.rawName, command)}`);
  }
  if (!belongsTo(token.name, command)) {
    const owners = Object.keys(spec.commands ?? {});
    throw usage(
      command,
      `${flag(token.name)} is an option of ${owners.map((c) => `lbsim ${c}`).join(' and ')}, not of ${command === null ? 'lbsim itself' : `lbsim ${command}`}`,
    );
  }
  if (spec.type === 'boolean') {
    if (token.value !== undefined) throw usage(command, `${flag(token.name)} takes no value`);
    return true;
  }
  const arg = spec.arg ?? 'VALUE';
  if (token.value === undefined) {
    throw usage(command, `${flag(token.name)} needs a value: ${flag(token.name)} ${arg}`);
  }
  if (token.inlineValue === false && token.value.startsWith('-') && token.value !== '-') {
    throw usage(
      command,
      `${flag(token.name)} needs a value, not the option ${token.value} (write ${flag(token.name)}=${token.value} if that is the value)`,
    );
  }
  return token.value;
}

/** "did you mean" for a misspelt long option, saying so when the closest is another command's. */
function optionHint(raw: string, command: CommandName | null): string {
  if (!raw.startsWith('--')) return '';
  const mine = NAMES.filter((n) => belongsTo(n, command)).map(flag);
  const own = didYouMean(raw, mine, '');
  if (own !== '') return own;
  const other = closest(raw, NAMES.map(flag));
  if (other === null) return '';
  const owners = Object.keys(SPECS[other.slice(2)]?.commands ?? {});
  return ` (did you mean ${other}? it is an option of ${owners.map((c) => `lbsim ${c}`).join(' and ')})`;
}

function flag(name: string): string {
  return `--${name}`;
}

function usage(command: CommandName | null, message: string): CliInputError {
  const help = command === null ? 'lbsim --help' : `lbsim ${command} --help`;
  return new CliInputError([
    `${command === null ? 'lbsim' : `lbsim ${command}`}: ${message} (see ${help})`,
  ]);
}

/** The options of `command`, in table order, for its help. */
export function optionsOf(command: CommandName): [OptionName, OptionSpec][] {
  return (Object.entries(CLI_OPTIONS) as [OptionName, OptionSpec][]).filter(
    ([name, spec]) =>
      name !== 'version' && (spec.commands === undefined || Object.hasOwn(spec.commands, command)),
  );
}
