/**
 * Greatest common divisor of non-negative integers (Euclid). Weight-driven pickers divide the
 * weights by it: a schedule or bucket table for 20:40 is the one for 1:2.
 */

/** gcd(a, b) for non-negative integers; gcd(0, b) = b. */
export function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}
