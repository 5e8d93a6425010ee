/**
 * Naming things bound to the load balancer: a pool (a layer-4 listener, or one rule of a layer-7
 * listener), its one key, and a target's id `<instance|eni|ip>:<port>`. Every file that needs one
 * of these calls it from here.
 */

/** A pool: a layer-4 listener's targets, or one layer-7 rule's. */
export interface PoolRef {
  readonly listener: string;
  /** The rule id on a layer-7 listener; undefined on a layer-4 listener. */
  readonly rule?: string | undefined;
}

/** The one key of a pool, for maps (no listener id or rule id can make two pools collide). */
export function poolKey(pool: PoolRef): string {
  return JSON.stringify([pool.listener, pool.rule ?? null]);
}

/** `listener "tcp-80"` or `rule "www.example.com/" of listener "http-80"`, for messages. */
export function poolLabel(pool: PoolRef): string {
  const listener = `listener ${JSON.stringify(pool.listener)}`;
  return pool.rule === undefined ? listener : `rule ${JSON.stringify(pool.rule)} of ${listener}`;
}

/** A target's id: what it is bound through (instance, ENI or IP) and its port. */
export function targetId(ref: string, port: number): string {
  return `${ref}:${port}`;
}

/** The `<instance|eni|ip>` part of a target id. */
export function targetRef(id: string): string {
  return id.slice(0, id.lastIndexOf(':'));
}
