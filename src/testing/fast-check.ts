/**
 * fast-check, if the user has it. It is an optional peer dependency: `lbsim/testing` loads it
 * here, once, with a dynamic import, so the statistics work without it and the arbitraries
 * share the user's own fast-check instance (the one their `fc.assert` runs). Only a missing
 * fast-check is tolerated; any other failure to load it is rethrown.
 */
import type * as FastCheck from 'fast-check';
import { LbsimError } from '../errors.js';

function isMissing(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes('fast-check')
  );
}

let loaded: typeof FastCheck | null = null;
try {
  loaded = await import('fast-check');
} catch (error) {
  if (!isMissing(error)) throw error;
}

/**
 * The fast-check module, or an `LbsimError` with code `ERR_FAST_CHECK_MISSING` telling the user
 * to install it (`caller` names the arbitrary that needed it).
 */
export function fastCheck(caller: string): typeof FastCheck {
  if (loaded === null) {
    throw new LbsimError(
      'ERR_FAST_CHECK_MISSING',
      `${caller} needs fast-check, an optional peer dependency of lbsim: npm install --save-dev fast-check`,
    );
  }
  return loaded;
}
