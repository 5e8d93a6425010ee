/** The summaries the benchmark scripts print: median and range of repeated measurements. */

/** Median (mean of the middle two for an even count), least and greatest of `xs`. */
export function stats(xs: readonly number[]): { median: number; min: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]! };
}

/** `median [min–max]` with `digits` decimals. */
export function spread(xs: readonly number[], digits: number): string {
  const { median, min, max } = stats(xs);
  return `${median.toFixed(digits)} [${min.toFixed(digits)}–${max.toFixed(digits)}]`;
}
