/**
 * `--pickers FILE` of `lbsim run` and `compare`: an ES module of the user's own pickers, with the
 * contract of `lbsim bench --module` (a default export that is a factory is named after the file)
 * widened to several pickers: each named export under its name, a default export that is an
 * object of pickers under its keys. A module that cannot be loaded is invalid input (exit 2).
 */
import { importPickers } from '../balancer/picker-module.js';
import type { UserPickers } from '../balancer/user-algorithms.js';
import { CliInputError } from './read-input.js';

/** The pickers of `--pickers FILE`, or none when the option is not given. */
export async function loadPickers(file: string | undefined): Promise<UserPickers | undefined> {
  if (file === undefined) return undefined;
  try {
    return await importPickers(file);
  } catch (error) {
    throw new CliInputError([
      `--pickers: ${error instanceof Error ? error.message : String(error)}`,
    ]);
  }
}
