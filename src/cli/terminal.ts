/**
 * Whether to colour what goes to a stream, as command-line tools agree: `FORCE_COLOR` decides when
 * set (`0` or `false` off, anything else on, even into a pipe or file), else `NO_COLOR` (any
 * non-empty value) turns colour off, else a terminal gets colour unless `TERM=dumb`. The same
 * order as Node's own `tty.getColorDepth`.
 */

/** A stream that may be a terminal. */
export interface MaybeTerminal {
  readonly isTTY?: boolean;
}

/** Whether to colour output written to `stream`. */
export function useColor(
  stream: MaybeTerminal,
  env: Readonly<Record<string, string | undefined>> = process.env,
): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if ((env['NO_COLOR'] ?? '') !== '') return false;
  if (env['TERM'] === 'dumb') return false;
  return stream.isTTY === true;
}

/** Whether to draw a progress bar on `stream`: a terminal that is not `TERM=dumb`. */
export function useProgressBar(
  stream: MaybeTerminal,
  env: Readonly<Record<string, string | undefined>> = process.env,
): boolean {
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}
