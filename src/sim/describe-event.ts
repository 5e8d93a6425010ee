/**
 * How a timed event is described to people, in one place: `setWeight tcp-80 ins-3:8080 30→0`,
 * `down ins-5`, `scale tcp-80 +2 −1`, `moveEni eni-1 to ins-b`. One entry per op in a table typed
 * over the ops, so a new op does not compile until it says how it reads. The engine describes an event as it applies it
 * (the weights before a change are known only then); every renderer prints that text.
 *
 * Cost: O(targets named) per event. Deterministic: a pure function of the event and the weights.
 */
import type { EventOf, EventOp } from '../cloud/cloud.js';
import type { PoolRef } from '../cloud/pool-ref.js';
import type { EventSpec, TargetSpec } from '../scenario/types.js';

/** What a description may ask of the state just before the event. */
export interface EventState {
  /** A bound target's weight in a pool, or undefined when it is not bound there. */
  weightOf(pool: PoolRef, target: string): number | undefined;
}

type Describe<K extends EventOp> = (event: EventOf<K>, state: EventState) => string;

/** Targets listed by name before the rest are counted (`… and 5 more`). */
export const LISTED_TARGETS = 3;

/** What each op reads as. A new op does not compile until it has an entry here. */
const DESCRIBE: { readonly [K in EventOp]: Describe<K> } = {
  setWeight: (e, state) =>
    `setWeight ${pool(e)} ${list(e.targets, (id) => {
      const before = state.weightOf(e, id);
      return `${id} ${before === undefined ? '' : before}→${e.weight}`;
    })}`,
  setPort: (e) => `setPort ${pool(e)} ${list(e.targets, (id) => `${id}→${e.port}`)}`,
  bind: (e) => `bind ${pool(e)} ${boundTargets(e.targets)}`,
  unbind: (e) => `unbind ${pool(e)} ${list(e.targets, (id) => id)}`,
  down: (e) => `down ${e.instance}`,
  up: (e) => `up ${e.instance}`,
  release: (e) => `release ${e.instance}`,
  bindSecurityGroup: (e) => `bindSecurityGroup ${e.securityGroup} to ${e.instance}`,
  unbindSecurityGroup: (e) => `unbindSecurityGroup ${e.securityGroup} from ${e.instance}`,
  zoneDown: (e) => `zoneDown ${e.zone}`,
  zoneUp: (e) => `zoneUp ${e.zone}`,
  moveEni: (e) => `moveEni ${e.eni} to ${e.instance}`,
  setBackendMode: (e) =>
    `setBackendMode ${e.backendMode}${e.backendRegion === undefined ? '' : ` (${e.backendRegion})`}`,
  slow: (e) => `slow ${e.instance} ×${e.factor}`,
  errors: (e) => `errors ${e.instance} ${percent(e.errorRate)}`,
  blackhole: (e) => `blackhole ${e.instance}`,
  restore: (e) => `restore ${e.instance}`,
  setSecurityGroup: (e) =>
    `setSecurityGroup ${e.securityGroup} (${e.inbound.length} inbound ${plural(e.inbound.length, 'rule')})`,
  scale: (e) =>
    `scale ${pool(e)} ${scaled(
      e.add.map((l) => l.id),
      e.remove,
    )}`,
};

/** The event in words, as the table, the JSON and the HTML page show it (without its time). */
export function describeEvent(event: EventSpec, state: EventState): string {
  return (DESCRIBE[event.op] as Describe<EventOp>)(event, state);
}

/** The event's own fields (defaults filled in), without `atSec`, `op` and absent optional fields. */
export function eventParams(event: EventSpec): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (key !== 'atSec' && key !== 'op' && value !== undefined) params[key] = value;
  }
  return params;
}

/** `tcp-80`, or `http-80 rule www.example.com/img`. */
function pool(ref: PoolRef): string {
  return ref.rule === undefined ? ref.listener : `${ref.listener} rule ${ref.rule}`;
}

/** The first {@link LISTED_TARGETS} items, then how many more. */
function list<T>(items: readonly T[], show: (item: T) => string): string {
  const shown = items.slice(0, LISTED_TARGETS).map(show).join(', ');
  const more = items.length - LISTED_TARGETS;
  return more > 0 ? `${shown} and ${more} more` : shown;
}

/** `ins-7:8080, ins-8:8080 at weight 10` (one weight), else each with its own. */
function boundTargets(targets: readonly TargetSpec[]): string {
  const weights = new Set(targets.map((t) => t.weight));
  if (weights.size === 1) return `${list(targets, (t) => t.id)} at weight ${targets[0]!.weight}`;
  return list(targets, (t) => `${t.id} at weight ${t.weight}`);
}

/** `+2 (ins-7, ins-8) −1 (ins-3)`: counts, each with its instances when few; `+0` for neither. */
function scaled(added: readonly string[], removed: readonly string[]): string {
  const side = (sign: string, ids: readonly string[]): string =>
    `${sign}${ids.length}${ids.length > 0 && ids.length <= LISTED_TARGETS ? ` (${ids.join(', ')})` : ''}`;
  const parts = [
    ...(added.length > 0 || removed.length === 0 ? [side('+', added)] : []),
    ...(removed.length > 0 ? [side('−', removed)] : []),
  ];
  return parts.join(' ');
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

/** `2.5%`: a rate 0..1 as a percentage, without trailing zeros. */
function percent(rate: number): string {
  return `${Number((rate * 100).toPrecision(6))}%`;
}
