/**
 * The IPVS `ip_vs_sh_reassign` loop, bucket by bucket: walk the targets in order, give each
 * `weight` consecutive buckets (weight-0 targets none), wrap to the first target, until the table
 * is full. Weights are divided by their gcd first, as lbsim's picker does. Reference for tests only.
 */
export function ipHashReferenceTable(weights: readonly number[], size: number): number[] {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const g = weights.reduce(gcd, 0);
  const table: number[] = [];
  if (g === 0) return new Array<number>(size).fill(-1);
  let p = 0;
  let count = 0;
  for (let b = 0; b < size; b++) {
    while (weights[p] === 0) p = (p + 1) % weights.length;
    table.push(p);
    if (++count >= weights[p]! / g) {
      p = (p + 1) % weights.length;
      count = 0;
    }
  }
  return table;
}
