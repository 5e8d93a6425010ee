/**
 * CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as nginx's `ngx_crc32_short` /
 * `ngx_crc32_update` and HAProxy's `hash_crc32` compute it. Table-driven, one byte a step.
 * Strings are hashed as their UTF-8 bytes, as the balancers see them on the wire.
 */

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

const encoder = new TextEncoder();

/**
 * Continues a CRC over `bytes`: start with `0xffffffff`, finish by `^ 0xffffffff`
 * (nginx's `ngx_crc32_init` / `ngx_crc32_update` / `ngx_crc32_final`).
 */
export function crc32Update(crc: number, bytes: Uint8Array): number {
  let c = crc;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return c >>> 0;
}

/** The CRC-32 of `data` (a string as UTF-8, or bytes), unsigned. */
export function crc32(data: string | Uint8Array): number {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  return (crc32Update(0xffffffff, bytes) ^ 0xffffffff) >>> 0;
}
