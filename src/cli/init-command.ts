/** `lbsim init [FILE | -]`: writes a commented starter scenario (default `scenario.json`). */
import { existsSync, writeFileSync } from 'node:fs';
import { quoteText } from '../errors.js';
import { checkOut, type CliValues } from './cli-options.js';
import { CliInputError, STDIO } from './read-input.js';
import { STARTER_SCENARIO } from './starter-scenario.js';

/** Runs `lbsim init`; `args` are the positionals after the command. */
export function initCommand(args: readonly string[], values: CliValues): number {
  if (args.length > 1) {
    throw new CliInputError([
      `lbsim init: one file at most (got ${args.length}); usage: lbsim init [FILE | -]`,
    ]);
  }
  const file = args[0] ?? 'scenario.json';
  const text = `${JSON.stringify(STARTER_SCENARIO, null, 2)}\n`;
  if (file === STDIO) {
    process.stdout.write(text);
    return 0;
  }
  if (existsSync(file) && values.force !== true) {
    throw new CliInputError([
      `lbsim init: ${quoteText(file)} exists; give --force to replace it, or another FILE`,
    ]);
  }
  checkOut(file, []);
  writeFileSync(file, text);
  process.stderr.write(`wrote ${file}: try lbsim validate ${file} && lbsim run ${file}\n`);
  return 0;
}
