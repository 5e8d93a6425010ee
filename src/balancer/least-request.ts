/**
 * Envoy's least-request balancer (source/extensions/load_balancing_policies/least_request and
 * EdfLoadBalancerBase in load_balancer_impl.cc), one balancer, single worker:
 *
 * - All positive weights equal: draw `choiceCount` targets uniformly at random (with replacement)
 *   and keep the one with the fewest active requests; a later draw replaces the candidate only
 *   when strictly lower (Envoy's `unweightedHostPickNChoices`). Each pick consumes exactly
 *   `choiceCount` `rng.next()` values.
 * - Weights differ: weighted round robin by earliest deadline first (Envoy's `EdfScheduler`). Each
 *   target has one entry (deadline, sequence); a pick pops the earliest (ties: lower sequence),
 *   sets the scheduler's clock to its deadline and puts it back with deadline
 *   `clock + (active + 1)^bias / weight`, i.e. `1 / effective weight` with Envoy's
 *   `weight / (active_requests + 1)^active_request_bias`, computed at the pick from the target's
 *   active count at that moment (before the caller counts the new request). No randomness.
 *
 * Like Envoy, an entry's key is recomputed only when that target is picked (and for every target
 * on `update`, Envoy's scheduler refresh): connections opening and closing elsewhere do not move
 * entries already in the heap. This is Envoy's rule, kept on purpose: re-keying on every open and
 * close would be a different algorithm. Bias 0 makes it plain EDF weighted round robin.
 * Differences from Envoy: a rebuilt schedule starts at its beginning (Envoy ≥ 1.29 advances it by
 * a seeded number of picks so that many proxies do not start in step; lbsim models one balancer);
 * no slow start inside the picker (lbsim ramps the weights it is given, see `slow-start.ts`).
 *
 * Structure: a binary min-heap over parallel typed arrays (target, deadline, sequence), one entry
 * per positive-weight target. Build/update O(n); pick O(log n) (EDF) or O(choiceCount);
 * open/close O(1); nothing allocated per call. Counts follow target ids across `update`.
 */
import { createRng, type Rng } from '../random/rng.js';
import { LbsimRangeError } from '../errors.js';
import { carryCounts } from './carry-counts.js';
import { checkPickerTargets, checkRng, ERR_PICKER_OPTION } from './check-targets.js';
import { NO_TARGET, type Picker, type PickerTarget } from './picker.js';
import { LEAST_REQUEST_BIAS, LEAST_REQUEST_CHOICES } from '../limits.js';

/** Options of {@link LeastRequestPicker}. */
export interface LeastRequestOptions {
  /**
   * Source of the random draws (equal weights only).
   * @defaultValue `createRng('least-request')`
   */
  readonly rng?: Rng;
  /**
   * Exponent of `(active + 1)` dividing a target's weight when weights differ (0..10).
   * @defaultValue 1 (Envoy's default)
   */
  readonly activeRequestBias?: number;
  /**
   * Targets drawn per pick when all weights are equal (integer 2..10).
   * @defaultValue 2 (Envoy's default)
   */
  readonly choiceCount?: number;
}

/** Envoy's weighted least request; see the file banner. */
export class LeastRequestPicker implements Picker {
  /** Always `'least-request'`. */
  readonly algorithm = 'least-request' as const;

  readonly #rng: Rng;
  readonly #bias: number;
  readonly #choices: number;
  #size = 0;
  #ids: string[] = [];
  #weights: Int32Array = new Int32Array(0);
  #active: Float64Array = new Float64Array(0);
  /** Indices of the positive-weight targets, in index order. */
  #members: Int32Array = new Int32Array(0);
  /** Whether the positive weights differ (EDF) or not (N choices). */
  #weighted = false;
  // EDF heap, one entry per member: target index, deadline, sequence number (the tie-break).
  #heapTarget: Int32Array = new Int32Array(0);
  #heapDeadline: Float64Array = new Float64Array(0);
  #heapSequence: Float64Array = new Float64Array(0);
  #sequence = 0;

  /**
   * @param targets - the targets; indices returned by `pick` refer to this list.
   * @param options - see {@link LeastRequestOptions}.
   * @throws RangeError naming the target when a weight is not an integer in 0..100; for a bias
   *   or choice count out of range (code `ERR_PICKER_OPTION`); for a bad `rng` (`ERR_PICKER_RNG`).
   */
  constructor(targets: readonly PickerTarget[], options: LeastRequestOptions = {}) {
    const bias = options.activeRequestBias ?? LEAST_REQUEST_BIAS.default;
    if (
      typeof bias !== 'number' ||
      !(bias >= LEAST_REQUEST_BIAS.min && bias <= LEAST_REQUEST_BIAS.max)
    ) {
      throw new LbsimRangeError(
        ERR_PICKER_OPTION,
        `least-request: activeRequestBias must be a number in ${LEAST_REQUEST_BIAS.min}..${LEAST_REQUEST_BIAS.max}, got ${String(bias)}`,
      );
    }
    const choices = options.choiceCount ?? LEAST_REQUEST_CHOICES.default;
    if (
      !Number.isInteger(choices) ||
      choices < LEAST_REQUEST_CHOICES.min ||
      choices > LEAST_REQUEST_CHOICES.max
    ) {
      throw new LbsimRangeError(
        ERR_PICKER_OPTION,
        `least-request: choiceCount must be an integer in ${LEAST_REQUEST_CHOICES.min}..${LEAST_REQUEST_CHOICES.max}, got ${String(choices)}`,
      );
    }
    this.#bias = bias;
    this.#choices = choices;
    this.#rng =
      options.rng === undefined
        ? createRng('least-request')
        : checkRng('least-request', options.rng);
    this.#build(checkPickerTargets('least-request', targets), new Float64Array(targets.length));
  }

  /** Number of targets, weight-0 ones included. */
  get size(): number {
    return this.#size;
  }

  /** Whether picks follow the EDF schedule (positive weights differ) rather than N random choices. */
  get weighted(): boolean {
    return this.#weighted;
  }

  /** Active requests counted for target `index` (0 for an index out of range). */
  active(index: number): number {
    return this.#active[index] ?? 0;
  }

  /** The choice for a raw client key, which this algorithm ignores. */
  pickKey(_key: string): number {
    return this.pick();
  }

  /** The next target (see the banner), or `NO_TARGET` when no weight is positive. */
  pick(hash?: number): number;
  pick(): number {
    const m = this.#members.length;
    if (m === 0) return NO_TARGET;
    return this.#weighted ? this.#pickEdf() : this.#pickChoices(m);
  }

  /** Replaces the targets and rebuilds the schedule from its start, O(n); counts follow ids. */
  update(targets: readonly PickerTarget[]): void {
    checkPickerTargets('least-request', targets);
    this.#build(targets, carryCounts(this.#ids, this.#active, targets));
  }

  /** Counts a request assigned to target `index`. Out-of-range indices are ignored. */
  connectionOpened(index: number): void {
    if (index >>> 0 !== index || index >= this.#size) return;
    this.#active[index]!++;
  }

  /** Counts a request to target `index` ending. Never goes below 0. */
  connectionClosed(index: number): void {
    if (index >>> 0 !== index || index >= this.#size || this.#active[index] === 0) return;
    this.#active[index]!--;
  }

  #pickChoices(m: number): number {
    const members = this.#members;
    const active = this.#active;
    const rng = this.#rng;
    let candidate = members[Math.floor(rng.next() * m)]!;
    for (let c = 1; c < this.#choices; c++) {
      const sampled = members[Math.floor(rng.next() * m)]!;
      if (active[sampled]! < active[candidate]!) candidate = sampled;
    }
    return candidate;
  }

  #pickEdf(): number {
    const target = this.#heapTarget[0]!;
    // The scheduler's clock moves to the popped deadline; the entry goes back one period later.
    this.#heapDeadline[0] = this.#heapDeadline[0]! + this.#period(target);
    this.#heapSequence[0] = this.#sequence++;
    this.#siftDown(0);
    return target;
  }

  /** `1 / effective weight` = (active + 1)^bias / weight, Envoy's `hostWeight` inverted. */
  #period(target: number): number {
    const w = this.#weights[target]!;
    const a = this.#active[target]! + 1;
    const bias = this.#bias;
    if (bias === 0) return 1 / w;
    if (bias === 1) return a / w;
    return a ** bias / w;
  }

  #build(targets: readonly PickerTarget[], active: Float64Array): void {
    const n = targets.length;
    this.#size = n;
    this.#ids = targets.map((t) => t.id);
    this.#weights = Int32Array.from(targets, (t) => t.weight);
    this.#active = active;
    let m = 0;
    for (let i = 0; i < n; i++) if (this.#weights[i]! > 0) m++;
    const members = new Int32Array(m);
    let first = 0;
    let differ = false;
    m = 0;
    for (let i = 0; i < n; i++) {
      const w = this.#weights[i]!;
      if (w === 0) continue;
      if (m === 0) first = w;
      else if (w !== first) differ = true;
      members[m++] = i;
    }
    this.#members = members;
    this.#weighted = differ;
    // A fresh scheduler: clock 0, every member added in index order (sequence 0, 1, ...).
    this.#heapTarget = members.slice();
    this.#heapDeadline = new Float64Array(m);
    this.#heapSequence = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      this.#heapDeadline[k] = this.#period(members[k]!);
      this.#heapSequence[k] = k;
    }
    this.#sequence = m;
    for (let k = (m >> 1) - 1; k >= 0; k--) this.#siftDown(k);
  }

  /** Restores the heap below position `start` (earliest deadline, then lowest sequence, on top). */
  #siftDown(start: number): void {
    const targets = this.#heapTarget;
    const deadlines = this.#heapDeadline;
    const sequences = this.#heapSequence;
    const n = targets.length;
    const target = targets[start]!;
    const deadline = deadlines[start]!;
    const sequence = sequences[start]!;
    let i = start;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      const right = child + 1;
      if (
        right < n &&
        (deadlines[right]! < deadlines[child]! ||
          (deadlines[right] === deadlines[child] && sequences[right]! < sequences[child]!))
      ) {
        child = right;
      }
      const d = deadlines[child]!;
      if (d > deadline || (d === deadline && sequences[child]! > sequence)) break;
      targets[i] = targets[child]!;
      deadlines[i] = d;
      sequences[i] = sequences[child]!;
      i = child;
    }
    targets[i] = target;
    deadlines[i] = deadline;
    sequences[i] = sequence;
  }
}
