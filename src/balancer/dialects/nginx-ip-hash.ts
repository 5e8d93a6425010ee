/**
 * nginx `ip_hash` (ngx_http_upstream_ip_hash_module.c, nginx 1.22.1). From `hash = 89`, each try
 * folds the client address bytes in again, `hash = (hash * 113 + byte) % 6271` — the first three
 * octets of an IPv4 address (so a /24 sticks together), all 16 bytes of IPv6 — and takes the peer
 * that `hash % total_weight` falls on, walking configured weights with `down` peers included.
 * A down, held-off (passive checks) or already tried peer means another fold; after 20 such tries
 * the request goes to round robin. Retries (`pickNext`) continue from the hash of the last chosen
 * peer, as nginx keeps it per request. A client that is not an IP address hashes three zero bytes
 * (nginx's pseudo address for unix-socket clients).
 *
 * Pick: O(tries · (address bytes + log n)), usually one try; no allocation for IPv4 (IPv6 text is
 * split once per key). Deterministic. `update`: see nginx-upstream.ts — marking a peer down moves
 * only the keys that landed on it.
 */
import { NO_TARGET } from '../picker.js';
import { parseClientAddress } from './nginx-key.js';
import {
  NGINX_HASH_TRIES,
  NginxUpstreamPicker,
  type NginxPickerOptions,
  type NginxTarget,
} from './nginx-upstream.js';

/**
 * nginx ip_hash. `pickKey(address)` takes the client address as text; `pick(hash)` takes the
 * 32-bit number as an IPv4 address (`hash >>> 24` is the first octet).
 */
export class NginxIpHashPicker extends NginxUpstreamPicker {
  /** Always `'nginx-ip-hash'`. */
  readonly algorithm = 'nginx-ip-hash' as const;

  readonly #addr = new Uint8Array(16);
  #addrLen = 3;
  #hash = 89;
  #tries = 0;

  /**
   * @param targets - peers in `server` line order.
   * @param options - clock and passive checks, see {@link NginxPickerOptions}.
   * @throws RangeError/TypeError naming the target or option that is invalid.
   */
  constructor(targets: readonly NginxTarget[], options: NginxPickerOptions = {}) {
    super('nginx-ip-hash', targets, options);
    this.ready = true;
  }

  protected startHash(hash: number): void {
    this.#addr[0] = hash >>> 24;
    this.#addr[1] = (hash >>> 16) & 0xff;
    this.#addr[2] = (hash >>> 8) & 0xff;
    this.#addrLen = 3;
    this.#hash = 89;
    this.#tries = 0;
  }

  protected startKey(key: string): void {
    const len = parseClientAddress(key, this.#addr);
    if (len === 0) this.#addr.fill(0, 0, 3);
    this.#addrLen = len === 0 ? 3 : len;
    this.#hash = 89;
    this.#tries = 0;
  }

  protected getPeer(): number {
    if (this.n === 0) return NO_TARGET;
    if (this.#tries > NGINX_HASH_TRIES || this.n === 1) return this.roundRobin();
    const addr = this.#addr;
    const len = this.#addrLen;
    let hash = this.#hash;
    for (;;) {
      for (let i = 0; i < len; i++) hash = (hash * 113 + addr[i]!) % 6271;
      const p = this.walk(hash);
      if (!this.unusable(p)) {
        this.#hash = hash;
        return this.choose(p);
      }
      if (++this.#tries > NGINX_HASH_TRIES) return this.roundRobin();
    }
  }

  protected rebuild(): void {
    // The walk uses the shared prefix sums.
  }
}

/** Factory for `nginx-ip-hash`. */
export function createNginxIpHashPicker(
  targets: readonly NginxTarget[],
  options?: NginxPickerOptions,
): NginxIpHashPicker {
  return new NginxIpHashPicker(targets, options);
}
