/**
 * A one-line progress bar for terminals: how much simulated time is done, how fast (simulated
 * requests per wall second) and the time left. It stays silent for the first second (short runs
 * print nothing) and redraws at most ten times a second. Wall-clock time is fine here: the CLI is
 * the shell around the deterministic core, and the bar only goes to a terminal's stderr. It uses
 * no colour; it is drawn only on a terminal (`useProgressBar`).
 */

import { DEFAULT_DURATION_SEC, DEFAULT_RATE_PER_SEC } from '../scenario/defaults.js';

/** A writable terminal stream. */
interface Terminal {
  write(text: string): boolean;
  readonly columns?: number;
}

/** What the bar knows about the work. */
export interface ProgressOptions {
  /** Simulated seconds of one run. */
  readonly durationSec: number;
  /** Expected requests of one run (rate × duration), for the rate shown. */
  readonly requests: number;
  /** Runs in all (compare runs one per algorithm). @defaultValue 1 */
  readonly runs?: number;
  /** Wall clock in milliseconds. @defaultValue Date.now */
  readonly now?: () => number;
}

/** Shows how much of a run is done, on stderr, when the run takes longer than a second. */
export class ProgressBar {
  readonly #out: Terminal;
  readonly #options: ProgressOptions;
  readonly #now: () => number;
  readonly #start: number;
  #lastDraw = 0;
  #drawn = false;
  #run = 0;
  #label = '';

  constructor(out: Terminal, options: ProgressOptions) {
    this.#out = out;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#start = this.#now();
  }

  /** Starts run `index` (0-based) of several, named `label` (compare: the algorithm). */
  startRun(index: number, label: string): void {
    this.#run = index;
    this.#label = label;
  }

  /** Reports the fraction of the current run done (0..1). */
  update(fraction: number): void {
    const now = this.#now();
    if (now - this.#start < 1000 || now - this.#lastDraw < 100) return;
    this.#lastDraw = now;
    this.#out.write(`\r${this.line(fraction, now)}\x1b[K`);
    this.#drawn = true;
  }

  /** The bar's text at `now` for the current run at `fraction` (exposed for tests). */
  line(fraction: number, now: number): string {
    const f = Math.min(1, Math.max(0, fraction));
    const runs = this.#options.runs ?? 1;
    const overall = (this.#run + f) / runs;
    const elapsedSec = (now - this.#start) / 1000;
    const width = Math.max(10, Math.min(30, (this.#out.columns ?? 80) - 60));
    const filled = Math.round(overall * width);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
    const pct = `${(overall * 100).toFixed(0).padStart(3)}%`;
    const simulated = `${formatSec(f * this.#options.durationSec)}/${formatSec(this.#options.durationSec)} simulated`;
    const rate =
      elapsedSec > 0
        ? `${formatRate((overall * runs * this.#options.requests) / elapsedSec)} req/s`
        : '';
    const eta = overall > 0 ? `ETA ${formatSec((elapsedSec * (1 - overall)) / overall)}` : '';
    const label = runs > 1 ? `${this.#label} (${this.#run + 1}/${runs}) ` : '';
    return [`${label}${bar}`, pct, simulated, rate, eta].filter((s) => s !== '').join('  ');
  }

  /** Clears the bar (if it was shown). */
  done(): void {
    if (this.#drawn) this.#out.write('\r\x1b[2K');
  }
}

function formatSec(sec: number): string {
  if (sec < 60) return `${sec.toFixed(sec < 10 ? 1 : 0)} s`;
  if (sec < 3600) return `${Math.floor(sec / 60)} min ${Math.round(sec % 60)} s`;
  return `${(sec / 3600).toFixed(1)} h`;
}

function formatRate(perSec: number): string {
  if (perSec >= 1e6) return `${(perSec / 1e6).toFixed(1)}M`;
  if (perSec >= 1e3) return `${(perSec / 1e3).toFixed(0)}k`;
  return perSec.toFixed(0);
}

/** Duration and expected requests of a raw scenario, for the bar (defaults when unreadable). */
export function workOf(json: unknown): { durationSec: number; requests: number } {
  const o = json !== null && typeof json === 'object' ? (json as Record<string, unknown>) : {};
  const traffic =
    o['traffic'] !== null && typeof o['traffic'] === 'object'
      ? (o['traffic'] as Record<string, unknown>)
      : {};
  const durationSec =
    typeof o['durationSec'] === 'number' ? o['durationSec'] : DEFAULT_DURATION_SEC;
  const rate =
    typeof traffic['ratePerSec'] === 'number' ? traffic['ratePerSec'] : DEFAULT_RATE_PER_SEC;
  return { durationSec, requests: durationSec * rate };
}
