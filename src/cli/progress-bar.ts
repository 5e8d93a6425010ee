/**
 * A one-line progress bar for terminals. It stays silent for the first second (short runs print
 * nothing) and redraws at most ten times a second. Wall-clock time is fine here: the CLI is the
 * shell around the deterministic core, and the bar only goes to a terminal's stderr.
 */

/** A writable terminal stream. */
interface Terminal {
  write(text: string): boolean;
  readonly columns?: number;
}

/** Shows how much of a run is done, on stderr, when the run takes longer than a second. */
export class ProgressBar {
  readonly #out: Terminal;
  readonly #start = Date.now();
  #lastDraw = 0;
  #drawn = false;

  constructor(out: Terminal) {
    this.#out = out;
  }

  /** Reports the fraction done (0..1). */
  update(fraction: number): void {
    const now = Date.now();
    if (now - this.#start < 1000 || now - this.#lastDraw < 100) return;
    this.#lastDraw = now;
    const width = Math.max(10, Math.min(40, (this.#out.columns ?? 80) - 30));
    const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
    const pct = (fraction * 100).toFixed(0).padStart(3);
    const elapsed = ((now - this.#start) / 1000).toFixed(1);
    this.#out.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${pct}% ${elapsed}s`);
    this.#drawn = true;
  }

  /** Clears the bar (if it was shown). */
  done(): void {
    if (this.#drawn) this.#out.write('\r\x1b[2K');
  }
}
