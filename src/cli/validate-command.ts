/** `lbsim validate SCENARIO.json | -`: checks a scenario without running it and prints a summary. */
import { validateScenario } from '../scenario/validate-scenario.js';
import { readCaps, reportWarnings, type CliValues } from './cli-options.js';
import { CliInputError, inputName, readScenarioFile } from './read-input.js';

/** Runs `lbsim validate`; `args` are the positionals after the command. */
export function validateCommand(args: readonly string[], values: CliValues): number {
  if (args.length !== 1) {
    throw new CliInputError([
      `lbsim validate: give one scenario file, or - for standard input (got ${args.length}); usage: lbsim validate SCENARIO.json | -`,
    ]);
  }
  const file = args[0]!;
  const scenario = validateScenario(readScenarioFile(file), readCaps(values));
  reportWarnings(scenario, values);
  const targets = scenario.listeners.reduce(
    (n, l) => n + l.targets.length + l.rules.reduce((m, r) => m + r.targets.length, 0),
    0,
  );
  process.stdout.write(
    `${inputName(file)}: valid (${scenario.listeners.length} listeners, ${targets} targets, ${scenario.events.length} events)\n`,
  );
  return 0;
}
