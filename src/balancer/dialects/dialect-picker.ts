/**
 * The contract of a dialect picker: a picker that reproduces one real balancer (nginx or HAProxy)
 * pick for pick. It is a `Picker` (same `pick`, `update`, connection counts) plus `pickKey`, which
 * hashes a raw client key exactly as the real balancer does before choosing.
 *
 * Targets are given in the balancer's configuration order; a target's `id` is its server address
 * `host:port` as on the `server` line. HAProxy dialects number servers 1.. in list order unless a
 * target carries `serverId`.
 */
import type { Picker, PickerTarget } from '../picker.js';

/** The real balancers lbsim reproduces, by the names a scenario and `createPicker` use. */
export type DialectName =
  | 'nginx-round-robin'
  | 'nginx-ip-hash'
  | 'nginx-hash'
  | 'nginx-hash-consistent'
  | 'nginx-least-conn'
  | 'haproxy-roundrobin'
  | 'haproxy-hash'
  | 'haproxy-hash-consistent'
  | 'haproxy-leastconn';

/** A target of a dialect picker: `id` is `host:port`; HAProxy may take an explicit server id. */
export interface DialectTarget extends PickerTarget {
  /** HAProxy's `id` keyword on the `server` line; default: 1-based position in the list. */
  readonly serverId?: number;
}

/** A picker that reproduces a real balancer. */
export interface DialectPicker extends Omit<Picker, 'algorithm' | 'update'> {
  readonly algorithm: DialectName;
  /**
   * The index chosen for a raw client key (an address as text, a header value, ...), hashed as the
   * real balancer hashes it; `NO_TARGET` when none can take it.
   */
  pickKey(key: string): number;
  /**
   * A runtime change: weight 0 marks a target down (nginx) or `set weight 0` (HAProxy); a target
   * left out is removed, as after a reload.
   */
  update(targets: readonly DialectTarget[]): void;
}
