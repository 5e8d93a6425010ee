/**
 * The error `assertFairShares` throws: which target strayed most from its weight share, by how
 * much, and how unlikely that is for a fair picker.
 */
import { LbsimError } from '../errors.js';

/** What a failed fairness check found. */
export interface FairnessFinding {
  /** Index of the target whose count strayed most (largest term of the chi-square sum). */
  readonly index: number;
  /** Its id, when the targets were given as `{ id, weight }`. */
  readonly id?: string | undefined;
  /** Its observed share of all picks (0..1). */
  readonly share: number;
  /** The share its weight promises (0..1). */
  readonly expectedShare: number;
  /** Total picks counted. */
  readonly picks: number;
  /** Pearson's chi-square statistic over all targets. */
  readonly statistic: number;
  readonly degreesOfFreedom: number;
  /** The probability of a statistic at least this large from a fair picker. */
  readonly pValue: number;
  /** The significance level the p-value fell below. */
  readonly alpha: number;
}

/** Thrown by `assertFairShares` when the counts are unlikely under the weight shares. */
export class FairnessError extends LbsimError implements FairnessFinding {
  readonly index: number;
  readonly id?: string | undefined;
  readonly share: number;
  readonly expectedShare: number;
  readonly picks: number;
  readonly statistic: number;
  readonly degreesOfFreedom: number;
  readonly pValue: number;
  readonly alpha: number;

  constructor(finding: FairnessFinding) {
    const who =
      finding.id === undefined
        ? `target ${finding.index}`
        : `target ${finding.index} (${JSON.stringify(finding.id)})`;
    super(
      'ERR_UNFAIR_SHARES',
      `assertFairShares: ${who} got ${percent(finding.share)} of ${finding.picks} picks, its weight share is ${percent(finding.expectedShare)}; ` +
        `chi-square ${finding.statistic.toPrecision(4)} with ${finding.degreesOfFreedom} degrees of freedom, p = ${finding.pValue.toPrecision(3)} < alpha ${finding.alpha}`,
    );
    this.index = finding.index;
    this.id = finding.id;
    this.share = finding.share;
    this.expectedShare = finding.expectedShare;
    this.picks = finding.picks;
    this.statistic = finding.statistic;
    this.degreesOfFreedom = finding.degreesOfFreedom;
    this.pValue = finding.pValue;
    this.alpha = finding.alpha;
  }
}

function percent(share: number): string {
  return `${(share * 100).toFixed(2)}%`;
}
