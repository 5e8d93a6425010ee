/**
 * A compact log-bucketed histogram of latencies (HdrHistogram's bucket scheme with 7 bits of
 * sub-bucket precision). Values are kept in microseconds: below 128 µs each microsecond has its own
 * bucket; above, each power of two [2^k, 2^(k+1)) is split into 64 equal buckets, so a bucket is at
 * most 1/64 of its lower bound wide and its midpoint is within 1/128 (0.79%) of every value in it.
 * Quantiles are reported as bucket midpoints: relative error ≤ 0.79%, or 0.5 µs below 128 µs.
 *
 * Cost: `record` O(1) (a count increment; the count array grows by doubling up to ~3,000 buckets
 * for values up to 2^53 µs, so it allocates only when a larger value than ever before arrives);
 * `quantile` O(buckets). Deterministic: no randomness, integer bucket arithmetic.
 */

/** Sub-bucket precision: values below 2^SUB_BITS µs are exact. */
const SUB_BITS = 7;
const SUB_COUNT = 1 << SUB_BITS; // 128
const HALF = SUB_COUNT >> 1; // 64
const TWO_32 = 2 ** 32;

/** The worst relative error of a reported quantile (above 128 µs): half a bucket over its lower bound. */
export const HISTOGRAM_RELATIVE_ERROR = 1 / (2 * HALF);

/** The most buckets a histogram can hold (values up to 2^53 µs). */
export const MAX_HISTOGRAM_BUCKETS = SUB_COUNT + (53 - SUB_BITS) * HALF;

/** The bucket of a value in µs (a non-negative integer). */
export function bucketOf(us: number): number {
  if (us < SUB_COUNT) return us;
  if (us < TWO_32) {
    // The common case in 32-bit integer arithmetic (no division, no power).
    const u = us >>> 0;
    const msb = 31 - Math.clz32(u);
    return SUB_COUNT + (msb - SUB_BITS) * HALF + ((u >>> (msb - (SUB_BITS - 1))) - HALF);
  }
  const msb = 63 - Math.clz32(Math.floor(us / TWO_32));
  const shift = msb - (SUB_BITS - 1);
  return SUB_COUNT + (msb - SUB_BITS) * HALF + (Math.floor(us / 2 ** shift) - HALF);
}

/** The midpoint, in µs, of a bucket: what a quantile falling in it reports. */
export function bucketMidpoint(bucket: number): number {
  if (bucket < SUB_COUNT) return bucket;
  const level = ((bucket - SUB_COUNT) / HALF) | 0;
  const shift = level + 1;
  const sub = bucket - SUB_COUNT - level * HALF + HALF;
  const width = 2 ** shift;
  return sub * width + (width - 1) / 2;
}

/** A latency in ms as the histograms count it: whole microseconds, negative values as 0. */
export function wholeUs(ms: number): number {
  return ms > 0 ? Math.round(ms * 1000) : 0;
}

/** Counts of latencies in log buckets. */
export class LogHistogram {
  #counts: Float64Array;
  #count = 0;
  #sumUs = 0;
  #maxBucket = -1;

  constructor(initialBuckets = 256) {
    this.#counts = new Float64Array(Math.max(1, initialBuckets));
  }

  /** How many values were recorded. */
  get count(): number {
    return this.#count;
  }

  /** The exact mean in ms (from the exact sum, not the buckets); 0 when empty. */
  get meanMs(): number {
    return this.#count === 0 ? 0 : this.#sumUs / this.#count / 1000;
  }

  /** Buckets held now (for memory accounting). */
  get capacity(): number {
    return this.#counts.length;
  }

  /** Records one latency in ms (negative values count as 0). */
  record(ms: number): void {
    this.recordUs(wholeUs(ms));
  }

  /**
   * Records one latency in whole microseconds (`wholeUs`). The request path records these: an
   * integer crosses a call V8 does not inline as a small integer, a fractional ms as a heap box.
   */
  recordUs(us: number): void {
    const b = bucketOf(us);
    if (b >= this.#counts.length) this.#grow(b);
    this.#counts[b]!++;
    if (b > this.#maxBucket) this.#maxBucket = b;
    this.#count++;
    this.#sumUs += us;
  }

  /** Adds every count of `other` to this one. */
  add(other: LogHistogram): void {
    if (other.#maxBucket >= this.#counts.length) this.#grow(other.#maxBucket);
    for (let b = 0; b <= other.#maxBucket; b++) this.#counts[b]! += other.#counts[b]!;
    this.#maxBucket = Math.max(this.#maxBucket, other.#maxBucket);
    this.#count += other.#count;
    this.#sumUs += other.#sumUs;
  }

  /**
   * The q-quantile in ms (0 < q ≤ 1): the midpoint of the bucket holding the value of rank
   * ceil(q × count) (nearest rank); 0 when empty.
   */
  quantileMs(q: number): number {
    if (this.#count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.#count));
    let seen = 0;
    for (let b = 0; b <= this.#maxBucket; b++) {
      seen += this.#counts[b]!;
      if (seen >= rank) return bucketMidpoint(b) / 1000;
    }
    return bucketMidpoint(this.#maxBucket) / 1000;
  }

  #grow(bucket: number): void {
    let size = this.#counts.length;
    while (size <= bucket) size *= 2;
    const counts = new Float64Array(Math.min(size, MAX_HISTOGRAM_BUCKETS));
    counts.set(this.#counts);
    this.#counts = counts;
  }
}
