/**
 * Connection counts across a picker update: a target keeps its count by id, new ids start at 0.
 * Least connections and p2c both count connections, so both rebuild through this. O(n).
 */
import type { PickerTarget } from './picker.js';

/** The counts for `targets`, taken by id from the previous `ids` and `active` (new ids: 0). */
export function carryCounts(
  ids: readonly string[],
  active: Float64Array,
  targets: readonly PickerTarget[],
): Float64Array {
  const byId = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) byId.set(ids[i]!, active[i]!);
  return Float64Array.from(targets, (t) => byId.get(t.id) ?? 0);
}
