/**
 * Which targets a scenario event can bring into being, so that reading a scenario with a malformed
 * event does not report later events' target names as unknown when that event could have bound
 * them. A table with one entry per op (the compiler asks for a new op's). O(1), pure.
 */
import type { EventOp } from './schema-events.js';
import { isPlainObject } from './schema-fields.js';

/**
 * What each op can do to the targets a later event may name: bind or rename them on its listener
 * (`listener`), launch instances anywhere (`any`), or nothing (`none`). One entry per op.
 */
const NEW_TARGETS: Readonly<Record<EventOp, 'none' | 'listener' | 'any'>> = {
  setWeight: 'none',
  setPort: 'listener',
  bind: 'listener',
  unbind: 'none',
  down: 'none',
  up: 'none',
  release: 'none',
  setSecurityGroup: 'none',
  scale: 'any',
  zoneDown: 'none',
  zoneUp: 'none',
  bindSecurityGroup: 'none',
  unbindSecurityGroup: 'none',
  moveEni: 'none',
  setBackendMode: 'none',
  slow: 'none',
  errors: 'none',
  blackhole: 'none',
  restore: 'none',
};

/**
 * What a malformed event could have added or renamed: nothing (null), the targets of one listener
 * (`{ listener }`), or anything (`{ listener: null }`: its op or listener is unreadable, or it may
 * have launched instances).
 */
export function reachOf(raw: unknown): { readonly listener: string | null } | null {
  if (!isPlainObject(raw)) return null;
  const op = raw.op;
  const reach =
    typeof op === 'string' && Object.hasOwn(NEW_TARGETS, op) ? NEW_TARGETS[op as EventOp] : 'any';
  if (reach === 'none') return null;
  if (reach === 'listener' && typeof raw.listener === 'string') {
    return { listener: raw.listener };
  }
  return { listener: null };
}
