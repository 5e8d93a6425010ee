/**
 * nginx `upstream` default balancing: smooth weighted round robin, exactly as
 * `ngx_http_upstream_get_peer` (ngx_http_upstream_round_robin.c, nginx 1.22.1) runs it, with
 * `effective_weight` (lowered by failures, regained one a pass), `down` peers and passive checks
 * skipped, and retries (`pickNext`) never revisiting a peer tried for the same request.
 *
 * Pick: O(n), nginx's own loop (the precomputed period of `SmoothWrrPicker` cannot follow
 * `effective_weight` after failures). No allocation. Deterministic: ties go to the earlier peer.
 * `update`: see nginx-upstream.ts (down in place keeps `current_weight`; other changes reload and
 * restart the sequence).
 */
import {
  NginxUpstreamPicker,
  type NginxPickerOptions,
  type NginxTarget,
} from './nginx-upstream.js';

/** nginx round robin; `pick` ignores its argument, `pickKey` its key. */
export class NginxRoundRobinPicker extends NginxUpstreamPicker {
  /** Always `'nginx-round-robin'`. */
  readonly algorithm = 'nginx-round-robin' as const;

  /**
   * @param targets - peers in `server` line order.
   * @param options - clock and passive checks, see {@link NginxPickerOptions}.
   * @throws RangeError/TypeError naming the target or option that is invalid.
   */
  constructor(targets: readonly NginxTarget[], options: NginxPickerOptions = {}) {
    super('nginx-round-robin', targets, options);
    this.ready = true;
  }

  protected startHash(): void {
    // Round robin does not hash.
  }

  protected startKey(): void {
    // Round robin does not hash.
  }

  protected getPeer(): number {
    return this.roundRobin();
  }

  protected rebuild(): void {
    // No tables beyond the shared peer state.
  }
}

/** Factory for `nginx-round-robin`. */
export function createNginxRoundRobinPicker(
  targets: readonly NginxTarget[],
  options?: NginxPickerOptions,
): NginxRoundRobinPicker {
  return new NginxRoundRobinPicker(targets, options);
}
