/**
 * What the HAProxy dialects share about their target lists: validation (ids, weights, the optional
 * `serverId`), the server ids HAProxy numbers servers with (`puid`: the `id` keyword, else an
 * automatic id as HAProxy assigns it — the 1-based position when no server sets one), and the rule that tells a runtime change from a reload.
 *
 * A new list with the same ids in the same order (and the same server ids) is a runtime change:
 * the dialect applies `set weight` to each server whose weight changed, in list order, as the
 * runtime API would. Anything else (a server added, removed or moved) is a reload with the new
 * list as the configuration: state is rebuilt and servers are renumbered.
 */
import { checkPickerTargets } from '../check-targets.js';
import type { DialectTarget } from './dialect-picker.js';

/** HAProxy's effective-weight scale (`BE_WEIGHT_SCALE`): eweight = weight × 16. */
export const BE_WEIGHT_SCALE = 16;

/** The range of user weights (`SRV_UWGHT_RANGE`). */
export const SRV_UWGHT_RANGE = 256;

/** `SRV_EWGHT_MAX` = `SRV_EWGHT_RANGE`: the largest effective weight, 256 × 16. */
export const SRV_EWGHT_MAX = SRV_UWGHT_RANGE * BE_WEIGHT_SCALE;

/** The largest server id the dialects accept (puid × 4096 + node stays below 2^31). */
export const MAX_SERVER_ID = 0x7ffff;

/**
 * Checks a dialect target list (ids, weights 0..100, server ids positive, unique integers) and
 * returns the HAProxy server id of each target.
 */
export function checkHaproxyTargets(module: string, targets: readonly DialectTarget[]): Int32Array {
  checkPickerTargets(module, targets);
  const puids = new Int32Array(targets.length);
  const used = new Set<number>();
  for (let i = 0; i < targets.length; i++) {
    const sid = targets[i]!.serverId;
    if (sid === undefined) continue;
    if (!Number.isInteger(sid) || sid < 1 || sid > MAX_SERVER_ID) {
      throw new RangeError(
        `${module}: targets[${i}] (${JSON.stringify(targets[i]!.id)}) serverId must be an integer in 1..${MAX_SERVER_ID}, got ${String(sid)}`,
      );
    }
    if (used.has(sid)) {
      throw new RangeError(
        `${module}: targets[${i}] (${JSON.stringify(targets[i]!.id)}) repeats serverId ${sid}`,
      );
    }
    used.add(sid);
    puids[i] = sid;
  }
  // Servers without an explicit id take the first free id from a counter that advances with
  // every server, explicit or not (HAProxy's check_config_validity): with no explicit ids, the
  // 1-based positions.
  let next = 1;
  for (let i = 0; i < targets.length; i++) {
    if (puids[i] === 0) {
      while (used.has(next)) next++;
      puids[i] = next;
      used.add(next);
    }
    next++;
  }
  return puids;
}

/** True when `next` names the same servers as `prev`, in the same order, with the same ids. */
export function sameServers(
  prev: readonly DialectTarget[],
  next: readonly DialectTarget[],
): boolean {
  if (prev.length !== next.length) return false;
  for (let i = 0; i < prev.length; i++) {
    const a = prev[i]!;
    const b = next[i]!;
    if (a.id !== b.id || a.serverId !== b.serverId) return false;
  }
  return true;
}

/** A private copy of a target list (callers may mutate theirs). */
export function copyTargets(targets: readonly DialectTarget[]): DialectTarget[] {
  return targets.map((t) =>
    t.serverId === undefined
      ? { id: t.id, weight: t.weight }
      : { id: t.id, weight: t.weight, serverId: t.serverId },
  );
}
