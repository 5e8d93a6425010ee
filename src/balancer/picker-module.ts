/**
 * Loading a module of a user's own pickers by file (`lbsim run --pickers FILE`, `sweep`'s
 * `pickerModule`, loaded again in each worker thread, where functions cannot be sent). The module
 * is imported as an ES module; what it must export is `pickersOfModule`'s contract.
 */
import { basename, extname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LbsimTypeError } from '../errors.js';
import { pickersOfModule, type UserPickers } from './user-algorithms.js';

/** A module file as a `file:` URL string: a path is resolved against the working directory. */
export function pickerModuleUrl(file: string | URL): string {
  if (file instanceof URL) return file.href;
  return file.startsWith('file:') ? new URL(file).href : pathToFileURL(resolve(file)).href;
}

/**
 * Imports the module at `file` (a path or a `file:` URL) and returns its pickers. Throws an
 * `LbsimTypeError` (`ERR_USER_PICKER`) when it cannot be loaded or exports no pickers.
 */
export async function importPickers(file: string | URL): Promise<UserPickers> {
  const url = pickerModuleUrl(file);
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new LbsimTypeError('ERR_USER_PICKER', `${String(file)}: cannot load the module (${why})`);
  }
  const path = fileURLToPath(url);
  return pickersOfModule(namespace, basename(path, extname(path)), String(file));
}
