/**
 * How shares are rounded in a report: to {@link SHARE_DECIMALS} decimals (0.268333, not
 * 0.26833333333333337), far finer than any sampling noise. The engine rounds with it when it
 * builds the report and the JSON writer when it writes one, so the two always agree.
 */

/** Decimals kept in `share` and `expectedShare`. */
export const SHARE_DECIMALS = 6;

const SHARE_SCALE = 10 ** SHARE_DECIMALS;

/** Rounds a share to {@link SHARE_DECIMALS} decimals, as the report and its JSON carry it. */
export function roundShare(share: number): number {
  // `+ 0` turns a -0 (a tiny negative rounding residue) into 0.
  return Math.round(share * SHARE_SCALE) / SHARE_SCALE + 0;
}
