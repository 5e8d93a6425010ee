/**
 * nginx `hash $key consistent` (ngx_http_upstream_hash_module.c, nginx 1.22.1), the
 * Cache::Memcached::Fast ring (ketama-like). Each peer gets `weight · 160` points (`down` peers
 * too): for a server text `host:port` the base is `crc32(host NUL port)` (text after the last
 * colon counts as the port only if it is all digits; `unix:` paths have no port), and point j is
 * that CRC continued over the 4 little-endian bytes of point j-1 (0 for the first), finalised.
 * Points are sorted and equal values kept once (the first in configuration order). A key takes the
 * first point at or after `crc32(key)`, wrapping to the first point; a down, held-off or already
 * tried peer moves it to the next point, and after 20 moves the request goes to round robin, as
 * does an empty key or a single peer.
 *
 * Build: O(P log P) for P = 160 · total weight points (Uint32Array values, Int32Array owners:
 * 8 bytes a point, 1.25 KiB a unit of weight). Pick: O(key length + log P), no allocation for
 * ASCII keys. Deterministic. `update`: marking a peer down moves only its keys, to the next points
 * along the ring; a reweight or reload rebuilds the ring and moves about the changed share.
 */
import { NO_TARGET } from '../picker.js';
import { CRC_INIT, crcBytes, crcFinal, KeyBuffer } from './nginx-key.js';
import {
  NGINX_HASH_TRIES,
  NginxUpstreamPicker,
  type NginxPickerOptions,
  type NginxTarget,
} from './nginx-upstream.js';

/** Points a unit of weight gets on nginx's ring. */
export const NGINX_POINTS_PER_WEIGHT = 160;

const encoder = new TextEncoder();

/**
 * The ring nginx builds for `servers` (server texts with weights, in configuration order): sorted
 * point values and the index of the server owning each.
 */
export function buildNginxRing(
  servers: readonly { readonly id: string; readonly weight: number }[],
): { points: Uint32Array; owners: Int32Array } {
  let count = 0;
  for (const s of servers) count += s.weight * NGINX_POINTS_PER_WEIGHT;
  const values = new Uint32Array(count);
  const owners = new Int32Array(count);
  const prev = new Uint8Array(4);
  const nul = new Uint8Array(1);
  let k = 0;
  for (let i = 0; i < servers.length; i++) {
    const { id, weight } = servers[i]!;
    const [host, port] = splitServer(id);
    let base = crcBytes(CRC_INIT, host, host.length);
    base = crcBytes(base, nul, 1);
    base = crcBytes(base, port, port.length);
    prev.fill(0);
    for (let j = 0; j < weight * NGINX_POINTS_PER_WEIGHT; j++) {
      const hash = crcFinal(crcBytes(base, prev, 4));
      values[k] = hash;
      owners[k] = i;
      k++;
      prev[0] = hash & 0xff;
      prev[1] = (hash >>> 8) & 0xff;
      prev[2] = (hash >>> 16) & 0xff;
      prev[3] = hash >>> 24;
    }
  }
  // Sort by value; equal values keep configuration order (a stable sort of the indices).
  const order = Array.from({ length: count }, (_, i) => i);
  order.sort((a, b) => values[a]! - values[b]! || a - b);
  const points = new Uint32Array(count);
  const pointOwners = new Int32Array(count);
  let m = 0;
  for (const o of order) {
    const v = values[o]!;
    if (m > 0 && points[m - 1] === v) continue;
    points[m] = v;
    pointOwners[m] = owners[o]!;
    m++;
  }
  return { points: points.slice(0, m), owners: pointOwners.slice(0, m) };
}

/** Host and port bytes of a server text, as `ngx_http_upstream_update_chash` splits it. */
function splitServer(server: string): [Uint8Array, Uint8Array] {
  const bytes = encoder.encode(server);
  if (bytes.length >= 5 && server.slice(0, 5).toLowerCase() === 'unix:') {
    return [bytes.subarray(5), new Uint8Array(0)];
  }
  for (let j = 0; j < bytes.length; j++) {
    const c = bytes[bytes.length - j - 1]!;
    if (c === 0x3a) {
      return [bytes.subarray(0, bytes.length - j - 1), bytes.subarray(bytes.length - j)];
    }
    if (c < 0x30 || c > 0x39) break;
  }
  return [bytes, new Uint8Array(0)];
}

/**
 * nginx `hash $key consistent`. `pickKey(key)` hashes the key's UTF-8 bytes; `pick(address)`
 * takes the client's IPv4 address as a 32-bit number and hashes its text, as `hash $remote_addr`.
 */
export class NginxHashConsistentPicker extends NginxUpstreamPicker {
  /** Always `'nginx-hash-consistent'`. */
  readonly algorithm = 'nginx-hash-consistent' as const;

  readonly #key = new KeyBuffer();
  #points: Uint32Array = new Uint32Array(0);
  #owners: Int32Array = new Int32Array(0);
  #point = 0;
  #tries = 0;

  /**
   * @param targets - peers in `server` line order; `id` is the server text the ring hashes.
   * @param options - clock and passive checks, see {@link NginxPickerOptions}.
   * @throws RangeError/TypeError naming the target or option that is invalid.
   */
  constructor(targets: readonly NginxTarget[], options: NginxPickerOptions = {}) {
    super('nginx-hash-consistent', targets, options);
    this.ready = true;
    this.rebuild();
  }

  /** Number of distinct points on the ring. */
  get pointCount(): number {
    return this.#points.length;
  }

  protected startHash(hash: number): void {
    this.#key.setIpv4(hash);
    this.#start();
  }

  protected startKey(key: string): void {
    this.#key.setText(key);
    this.#start();
  }

  /** First point at or after the key's CRC (may be one past the end: the lookup wraps). */
  #start(): void {
    const hash = this.#key.crc();
    const points = this.#points;
    let lo = 0;
    let hi = points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (points[mid]! < hash) lo = mid + 1;
      else hi = mid;
    }
    this.#point = lo;
    this.#tries = 0;
  }

  protected getPeer(): number {
    if (this.n === 0) return NO_TARGET;
    if (this.#tries > NGINX_HASH_TRIES || this.n === 1 || this.#key.length === 0) {
      return this.roundRobin();
    }
    const count = this.#points.length;
    for (;;) {
      const p = this.#owners[this.#point % count]!;
      if (!this.unusable(p)) {
        // nginx runs its smooth-WRR step over the peers sharing this server text: with one peer
        // per text the current weight is unchanged, and the effective weight regains one.
        if (this.effective[p]! < this.weight[p]!) this.effective[p]!++;
        return this.choose(p);
      }
      this.#point++;
      if (++this.#tries > NGINX_HASH_TRIES) return this.roundRobin();
    }
  }

  protected rebuild(): void {
    const ring = buildNginxRing(this.ids.map((id, i) => ({ id, weight: this.weight[i]! })));
    this.#points = ring.points;
    this.#owners = ring.owners;
  }
}

/** Factory for `nginx-hash-consistent`. */
export function createNginxHashConsistentPicker(
  targets: readonly NginxTarget[],
  options?: NginxPickerOptions,
): NginxHashConsistentPicker {
  return new NginxHashConsistentPicker(targets, options);
}
