/**
 * A pool's eligible set over the run: the weights its picker uses now (`eligibility.ts`), each
 * change kept for the expected shares, the spans during which it failed open, why a request
 * finding no target is unserved, and when the weights next change by themselves (a passive
 * ejection ends, a slow-start step). Each target's expected time accrues up to every change.
 *
 * O(targets) per update; nothing per request. Determinism: a function of the calls made.
 */
import { accrueExpected, eligibility, sameWeights, type Candidate } from './eligibility.js';

/** A target as the eligible set reads it: eligibility's view and its tally's expected time. */
type Counted = Candidate & { readonly tally: { expectedMs: number } };

const NO_WEIGHTS = new Int32Array(0);

/** The eligible set of one pool: see the file banner. */
export class EligibleSet {
  /** Spans during which every target was abnormal and all took traffic (`toMs` Infinity: open). */
  readonly failOpenSpans: { readonly fromMs: number; toMs: number }[] = [];
  /** The eligible weights from `atMs` on, one entry each time they changed. */
  readonly weightSteps: { readonly atMs: number; readonly weights: Int32Array }[] = [];
  #failOpen = false;
  #nothingEligible = 0;
  #nextChangeMs = Infinity;
  #lastChangeMs = 0;

  /** Every candidate is abnormal, so all of them take traffic. */
  get failOpen(): boolean {
    return this.#failOpen;
  }

  /** Index in `POOL_UNSERVED_REASONS` of why a request finding no target now is unserved. */
  get nothingEligible(): number {
    return this.#nothingEligible;
  }

  /** The earliest time the weights change by themselves (Infinity: none). */
  get nextChangeMs(): number {
    return this.#nextChangeMs;
  }

  /**
   * Recomputes the set at `nowMs` (arguments as `eligibility`'s); returns the new weights when they
   * changed, for the picker, else null.
   */
  update(
    targets: readonly Counted[],
    nowMs: number,
    ejectedUntilMs: ((index: number) => number) | undefined,
    slowStartSec: number,
  ): Int32Array | null {
    this.#accrue(targets, nowMs);
    const now = eligibility(targets, nowMs, ejectedUntilMs, slowStartSec);
    if (now.failOpen !== this.#failOpen) {
      if (now.failOpen) this.failOpenSpans.push({ fromMs: nowMs, toMs: Infinity });
      else this.failOpenSpans.at(-1)!.toMs = nowMs;
    }
    this.#failOpen = now.failOpen;
    this.#nothingEligible = now.nothingEligible;
    this.#nextChangeMs = now.nextRestoreMs;
    if (sameWeights(now.weights, this.#weights())) return null;
    this.weightSteps.push({ atMs: nowMs, weights: now.weights });
    return now.weights;
  }

  /** Closes the books at the end of the run: expected time up to `endMs`, an open span ended. */
  finish(targets: readonly Counted[], endMs: number): void {
    this.#accrue(targets, endMs);
    const open = this.failOpenSpans.at(-1);
    if (open !== undefined && open.toMs === Infinity) open.toMs = endMs;
  }

  /** The weights in force: the last step's (none before the first update). */
  #weights(): Int32Array {
    return this.weightSteps.at(-1)?.weights ?? NO_WEIGHTS;
  }

  #accrue(targets: readonly Counted[], nowMs: number): void {
    accrueExpected(targets, this.#weights(), nowMs - this.#lastChangeMs);
    this.#lastChangeMs = nowMs;
  }
}
