/**
 * Ctrl-C during `lbsim run` or `compare`: the first SIGINT aborts the signal the library run was
 * given, so it stops at its next chunk (worker threads terminated), and the command exits with
 * 130 (128 + SIGINT, as shells report it) after one line on stderr. A second SIGINT, with the
 * handler gone, ends the process at once as usual.
 */

/** The exit code of a run stopped by Ctrl-C. */
export const INTERRUPTED_EXIT_CODE = 130;

/**
 * Runs `command` with a signal that SIGINT aborts; returns its exit code, or 130 when it stopped
 * with an `AbortError` because of SIGINT.
 */
export async function withInterrupt(
  command: (signal: AbortSignal) => Promise<number>,
): Promise<number> {
  const controller = new AbortController();
  const onSigint = (): void => {
    controller.abort(new Error('interrupted (SIGINT)'));
  };
  process.once('SIGINT', onSigint);
  try {
    return await command(controller.signal);
  } catch (error) {
    const name = (error as { name?: unknown } | null)?.name;
    if (!controller.signal.aborted || name !== 'AbortError') {
      throw error;
    }
    process.stderr.write(`${process.stderr.isTTY ? '\n' : ''}lbsim: interrupted, run stopped\n`);
    return INTERRUPTED_EXIT_CODE;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
