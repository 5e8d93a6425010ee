/**
 * String keys to 32-bit hashes: xxHash32 (seed 0), computed in pure JavaScript for short keys and
 * by `xxhash-wasm` for long ones. Both paths give identical values, so the route is a speed choice
 * only and never changes which backend a key maps to.
 *
 * Reference: xxHash32 (see `xxh32.ts`); `xxhash-wasm` by Michael Jungo.
 * Complexity: O(n) in the key length; no allocation per call on either path for ASCII keys.
 * Determinism: a pure function of the key, whether or not `initHashing` has run.
 */
import xxhash from 'xxhash-wasm';
import { xxh32 } from './xxh32.js';

/**
 * Keys with at least this many UTF-16 code units go to WebAssembly (once loaded); shorter keys are
 * hashed in JavaScript.
 *
 * Measured on this project's machine (AMD EPYC, 2 cores, Node 20.20; ASCII keys; ns per call, best
 * of 50 runs over 4096 distinct keys, called from one monomorphic loop; "flat" = sequential
 * strings, "cons" = strings built by `+=`, which V8 keeps as cons strings until a GC flattens them):
 *
 * | length     |  4 | 13 | 16 | 32 | 40 | 48 | 56 |  64 | 128 | 256 |
 * |------------|----|----|----|----|----|----|----|-----|-----|-----|
 * | JS, flat   |  6 | 25 | 27 | 41 | 50 | 55 | 64 |  71 | 135 | 249 |
 * | JS, cons   |  6 | 30 | 26 | 41 | 54 | 79 | 64 | 108 | 160 | 354 |
 * | wasm `h32` | 55 | 62 | 57 | 59 | 63 | 61 | 66 |  64 |  70 |  84 |
 *
 * `h32` costs ~55 ns whatever the length (`TextEncoder.encodeInto` plus the WebAssembly boundary)
 * and ~0.1 ns per extra byte; the JS loop ~0.9 ns per byte on flat strings and up to ~1.4 ns on
 * cons strings. The crossover is ~56-64 characters for flat keys and ~40-48 for cons keys; 48
 * costs flat keys of 48..63 characters at most ~6 ns and saves cons keys up to ~40 ns.
 */
export const WASM_MIN_KEY_LENGTH = 48;

let wasmH32: ((input: string) => number) | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads `xxhash-wasm` once, so that `hashString` can route long keys to WebAssembly. Idempotent:
 * every call returns the same promise. If loading fails the promise rejects, a later call tries
 * again, and `hashString` keeps working in pure JavaScript.
 */
export function initHashing(): Promise<void> {
  loading ??= xxhash().then(
    (api) => {
      wasmH32 = (input) => api.h32(input);
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** Whether `initHashing` has finished, i.e. long keys are hashed by WebAssembly. */
export function isHashingReady(): boolean {
  return wasmH32 !== undefined;
}

/**
 * Hashes a string key to an unsigned 32-bit integer: xxHash32 of its UTF-8 bytes, seed 0 (equal to
 * `xxh32(key)` and to `xxhash-wasm`'s `h32(key)`).
 *
 * Keys shorter than {@link WASM_MIN_KEY_LENGTH} are hashed in JavaScript; longer ones by
 * WebAssembly once `initHashing` has resolved, and in JavaScript before that (same value, only
 * slower), so this never throws.
 */
export function hashString(key: string): number {
  if (key.length < WASM_MIN_KEY_LENGTH || wasmH32 === undefined) return xxh32(key);
  return wasmH32(key);
}
