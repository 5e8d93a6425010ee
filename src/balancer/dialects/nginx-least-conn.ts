/**
 * nginx `least_conn` (ngx_http_upstream_least_conn_module.c, nginx 1.22.1): among usable peers
 * (not down, not held off, not tried for this request) the fewest connections per configured
 * weight, compared without division (`conns_a · weight_b < conns_b · weight_a`). If several tie, a
 * smooth-WRR step runs over the tied peers only, from the first of them (`current_weight +=
 * effective_weight`, the largest wins, earlier on equality, and loses the tied total). A single
 * peer goes to round robin.
 *
 * Connections are counted through `connectionOpened` / `connectionClosed` (nginx's `conns`);
 * `pick` itself does not count. Pick: O(n) as nginx's loop; no allocation. Deterministic.
 * `update`: see nginx-upstream.ts (counts follow the target id).
 */
import { NO_TARGET } from '../picker.js';
import {
  NginxUpstreamPicker,
  type NginxPickerOptions,
  type NginxTarget,
} from './nginx-upstream.js';

/** nginx least_conn; `pick` ignores its argument, `pickKey` its key. */
export class NginxLeastConnPicker extends NginxUpstreamPicker {
  /** Always `'nginx-least-conn'`. */
  readonly algorithm = 'nginx-least-conn' as const;

  /**
   * @param targets - peers in `server` line order.
   * @param options - clock and passive checks, see {@link NginxPickerOptions}.
   * @throws RangeError/TypeError naming the target or option that is invalid.
   */
  constructor(targets: readonly NginxTarget[], options: NginxPickerOptions = {}) {
    super('nginx-least-conn', targets, options);
    this.ready = true;
  }

  /** Connections counted on peer `index`. */
  connections(index: number): number {
    return this.conns[index] ?? 0;
  }

  protected startHash(): void {
    // least_conn does not hash.
  }

  protected startKey(): void {
    // least_conn does not hash.
  }

  protected getPeer(): number {
    if (this.n === 0) return NO_TARGET;
    if (this.n === 1) return this.roundRobin();
    const conns = this.conns;
    const weight = this.weight;
    let best = -1;
    let many = false;
    for (let i = 0; i < this.n; i++) {
      if (this.unusable(i)) continue;
      if (best === -1) {
        best = i;
        many = false;
        continue;
      }
      const lhs = conns[i]! * weight[best]!;
      const rhs = conns[best]! * weight[i]!;
      if (lhs < rhs) {
        best = i;
        many = false;
      } else if (lhs === rhs) {
        many = true;
      }
    }
    if (best === -1) return NO_TARGET;
    const current = this.current;
    if (many) {
      const first = best;
      let total = 0;
      for (let i = first; i < this.n; i++) {
        if (this.unusable(i)) continue;
        if (conns[i]! * weight[first]! !== conns[first]! * weight[i]!) continue;
        const e = this.effective[i]!;
        current[i]! += e;
        total += e;
        if (e < weight[i]!) this.effective[i] = e + 1;
        if (current[i]! > current[best]!) best = i;
      }
      current[best]! -= total;
    }
    return this.choose(best);
  }

  protected rebuild(): void {
    // No tables beyond the shared peer state.
  }
}

/** Factory for `nginx-least-conn`. */
export function createNginxLeastConnPicker(
  targets: readonly NginxTarget[],
  options?: NginxPickerOptions,
): NginxLeastConnPicker {
  return new NginxLeastConnPicker(targets, options);
}
