/**
 * Reads one target object — `{ instance, port, weight }`, `{ eni, ip, port, weight }` or
 * `{ ip, port, weight }` — into a `TargetSpec` with its id `<instance|eni|ip>:<port>`. A bind
 * event's targets may leave out port and weight and take the event's.
 */
import type { Issue } from '../errors.js';
import { DEFAULT_WEIGHT } from './defaults.js';
import { describeValue } from './describe-value.js';
import { childPath } from './json-path.js';
import { parsePart } from './parse-part.js';
import { EniTargetSchema, InstanceTargetSchema, IpTargetSchema } from './schema.js';
import { isPlainObject } from './schema-fields.js';
import type { TargetSpec } from './types.js';
import { targetId } from '../cloud/pool-ref.js';

/** Port and weight a target takes when it does not give its own (bind events). */
export interface TargetDefaults {
  readonly port?: number | undefined;
  readonly weight?: number | undefined;
}

const SHAPES =
  '{ "instance", "port", "weight" }, { "eni", "ip", "port", "weight" } or { "ip", "port", "weight" }';

/** Reads the target at `path`; null (with issues added) when it is malformed. */
export function readTarget(
  raw: unknown,
  path: string,
  defaults: TargetDefaults,
  issues: Issue[],
): TargetSpec | null {
  if (!isPlainObject(raw)) {
    issues.push({ path, message: `must be a target: ${SHAPES} (got ${describeValue(raw)})` });
    return null;
  }
  const has = (key: string): boolean => Object.hasOwn(raw, key) && raw[key] !== undefined;
  if (has('instance') && (has('eni') || has('ip'))) {
    issues.push({
      path,
      message: `an instance target is bound on the instance's primary IP: give "instance" or "eni" + "ip" or "ip", not several (${SHAPES})`,
    });
    return null;
  }
  const port = (given: number | undefined): number | null => {
    const value = given ?? defaults.port;
    if (value !== undefined) return value;
    issues.push({ path: childPath(path, 'port'), message: 'is required' });
    return null;
  };
  const weight = (given: number | undefined): number => given ?? defaults.weight ?? DEFAULT_WEIGHT;
  if (has('instance')) {
    const t = parsePart(InstanceTargetSchema, raw, path, issues);
    const p = t === null ? null : port(t.port);
    if (t === null || p === null || !sameId(t.id, targetId(t.instance, p), path, issues))
      return null;
    return {
      kind: 'instance',
      id: targetId(t.instance, p),
      instance: t.instance,
      port: p,
      weight: weight(t.weight),
    };
  }
  if (has('eni')) {
    const t = parsePart(EniTargetSchema, raw, path, issues);
    const p = t === null ? null : port(t.port);
    if (t === null || p === null || !sameId(t.id, targetId(t.eni, p), path, issues)) return null;
    return {
      kind: 'eni',
      id: targetId(t.eni, p),
      eni: t.eni,
      ip: t.ip,
      port: p,
      weight: weight(t.weight),
    };
  }
  if (has('ip')) {
    const t = parsePart(IpTargetSchema, raw, path, issues);
    const p = t === null ? null : port(t.port);
    if (t === null || p === null || !sameId(t.id, targetId(t.ip, p), path, issues)) return null;
    return { kind: 'ip', id: targetId(t.ip, p), ip: t.ip, port: p, weight: weight(t.weight) };
  }
  issues.push({ path, message: `a target needs "instance", "eni" (with "ip") or "ip": ${SHAPES}` });
  return null;
}

/** A target's `id`, when given, must be the one lbsim derives (as `validateScenario` writes it). */
function sameId(given: string | undefined, id: string, path: string, issues: Issue[]): boolean {
  if (given === undefined || given === id) return true;
  issues.push({
    path: childPath(path, 'id'),
    message: `must be ${JSON.stringify(id)}, the id lbsim derives from the address and port, or left out (got ${describeValue(given)})`,
  });
  return false;
}
