/**
 * Ring-hash lookup by linear scan over unsorted points: the owner of the smallest point >= hash,
 * else of the smallest point overall; equal points go to the owner whose id sorts first.
 */
import { hashId } from '../../../src/balancer/id-hash.js';
import type { PickerTarget } from '../../../src/balancer/picker.js';

/** Ring points as `{ point, owner }`, unsorted, from `${id}-${replica}` strings. */
export function referenceRingPoints(
  targets: readonly PickerTarget[],
  pointsPerWeight: number,
  seed: number,
): { point: number; owner: number }[] {
  const out: { point: number; owner: number }[] = [];
  targets.forEach((t, owner) => {
    for (let r = 0; r < t.weight * pointsPerWeight; r++) {
      out.push({ point: hashId(`${t.id}-${r}`, seed), owner });
    }
  });
  return out;
}

/** The owner of `hash` on the ring, or -1 for an empty ring. */
export function referenceRingPick(
  targets: readonly PickerTarget[],
  points: readonly { point: number; owner: number }[],
  hash: number,
): number {
  const better = (
    a: { point: number; owner: number },
    b: { point: number; owner: number },
  ): boolean =>
    a.point < b.point || (a.point === b.point && targets[a.owner]!.id < targets[b.owner]!.id);
  let atOrAfter: { point: number; owner: number } | undefined;
  let first: { point: number; owner: number } | undefined;
  for (const p of points) {
    if (first === undefined || better(p, first)) first = p;
    if (p.point >= hash && (atOrAfter === undefined || better(p, atOrAfter))) atOrAfter = p;
  }
  return (atOrAfter ?? first)?.owner ?? -1;
}

/** The owner of `hash` by a plain binary search over sorted points (first point >= hash, wrapping). */
export function referenceSortedPick(
  points: ArrayLike<number>,
  owners: ArrayLike<number>,
  hash: number,
): number {
  if (points.length === 0) return -1;
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (points[mid]! < hash) lo = mid + 1;
    else hi = mid;
  }
  return owners[lo === points.length ? 0 : lo]!;
}
