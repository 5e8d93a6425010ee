/**
 * nginx `hash $key` (ngx_http_upstream_hash_module.c, nginx 1.22.1), the Cache::Memcached scheme:
 * try t adds `(crc32(T KEY) >> 16) & 0x7fff` to a running sum, where T is the decimal text of t
 * (omitted for t = 0), and takes the peer that `sum % total_weight` falls on, walking configured
 * weights with `down` peers included. A down, held-off or already tried peer means another try;
 * after 20 the request goes to round robin, as does an empty key or a single peer. Retries
 * (`pickNext`) continue the same sum and counter.
 *
 * Pick: O(tries · (key length + log n)), usually one try; no allocation for ASCII keys.
 * Deterministic. `update`: see nginx-upstream.ts — marking a peer down moves only its keys.
 */
import { NO_TARGET } from '../picker.js';
import { CRC_INIT, crcBytes, crcDecimal, crcFinal, KeyBuffer } from './nginx-key.js';
import {
  NGINX_HASH_TRIES,
  NginxUpstreamPicker,
  type NginxPickerOptions,
  type NginxTarget,
} from './nginx-upstream.js';

/**
 * nginx `hash $key`. `pickKey(key)` hashes the key's UTF-8 bytes; `pick(address)` takes the
 * client's IPv4 address as a 32-bit number and hashes its text, as `hash $remote_addr` does.
 */
export class NginxHashPicker extends NginxUpstreamPicker {
  /** Always `'nginx-hash'`. */
  readonly algorithm = 'nginx-hash' as const;

  readonly #key = new KeyBuffer();
  #sum = 0;
  #rehash = 0;
  #tries = 0;

  /**
   * @param targets - peers in `server` line order.
   * @param options - clock and passive checks, see {@link NginxPickerOptions}.
   * @throws RangeError/TypeError naming the target or option that is invalid.
   */
  constructor(targets: readonly NginxTarget[], options: NginxPickerOptions = {}) {
    super('nginx-hash', targets, options);
    this.ready = true;
  }

  protected startHash(hash: number): void {
    this.#key.setIpv4(hash);
    this.#reset();
  }

  protected startKey(key: string): void {
    this.#key.setText(key);
    this.#reset();
  }

  #reset(): void {
    this.#sum = 0;
    this.#rehash = 0;
    this.#tries = 0;
  }

  protected getPeer(): number {
    if (this.n === 0) return NO_TARGET;
    const key = this.#key;
    if (this.#tries > NGINX_HASH_TRIES || this.n === 1 || key.length === 0) {
      return this.roundRobin();
    }
    for (;;) {
      let crc = CRC_INIT;
      if (this.#rehash > 0) crc = crcDecimal(crc, this.#rehash);
      crc = crcFinal(crcBytes(crc, key.bytes, key.length));
      // nginx keeps the sum in a uint32_t.
      this.#sum = (this.#sum + ((crc >>> 16) & 0x7fff)) >>> 0;
      this.#rehash++;
      const p = this.walk(this.#sum);
      if (!this.unusable(p)) return this.choose(p);
      if (++this.#tries > NGINX_HASH_TRIES) return this.roundRobin();
    }
  }

  protected rebuild(): void {
    // The walk uses the shared prefix sums.
  }
}

/** Factory for `nginx-hash`. */
export function createNginxHashPicker(
  targets: readonly NginxTarget[],
  options?: NginxPickerOptions,
): NginxHashPicker {
  return new NginxHashPicker(targets, options);
}
