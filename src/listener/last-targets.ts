/**
 * Per client, the target its last request went to, so a pool can count clients remapped to
 * another target (a client whose request lands elsewhere than its previous one). Kept beside the
 * client's session record when the pool has a dense session table (one cache line per request
 * instead of two), else in a Uint16Array indexed by client number.
 *
 * Complexity: O(1) per request, no allocation. Memory: 2 bytes per client, or none beside a dense
 * session table. Determinism: no randomness.
 */
import { DenseSessionTable } from '../session/dense-session-table.js';
import type { SessionStore } from '../session/session-store.js';

/**
 * Session tables smaller than this stay in a core's cache (1 MiB of L2 here): reading their
 * records ahead only costs. Measured side by side in one process: +18% per request at 10^4
 * clients (160 KiB), -17% at 10^5 (1.6 MiB), -55% at 10^6.
 */
const READ_AHEAD_MIN_BYTES = 2 ** 20;

/** Each client's last target. */
export class LastTargets {
  /** Whether reading records ahead (`prefetch`) pays: a dense session table beyond the cache. */
  readonly readsAhead: boolean;
  /** Per client, 1 + the last target's index (0: none yet); null beside a dense session table. */
  readonly #byClient: Uint16Array | null;
  readonly #dense: DenseSessionTable | null;

  /** For `clients` numbered clients (0: not tracked) of a pool with these sessions. */
  constructor(clients: number, sessions: SessionStore | null) {
    this.#dense = sessions instanceof DenseSessionTable ? sessions : null;
    this.#byClient = this.#dense === null && clients > 0 ? new Uint16Array(clients) : null;
    this.readsAhead = this.#dense !== null && this.#dense.byteSize() >= READ_AHEAD_MIN_BYTES;
  }

  /**
   * Records that client number `client` (session key `key`) was sent to target `index`; returns
   * true when its previous request went to another target.
   */
  note(client: number, key: number, index: number): boolean {
    const dense = this.#dense;
    let previous = 0;
    if (dense !== null) {
      previous = dense.replaceKept(key, index + 1);
    } else {
      const last = this.#byClient;
      if (last === null || client >= last.length) return false;
      previous = last[client]!;
      last[client] = index + 1;
    }
    return previous !== 0 && previous !== index + 1;
  }

  /** Reads ahead the records of the clients with these session keys (see `DenseSessionTable`). */
  prefetch(keys: Uint32Array, count: number): void {
    this.#dense?.prefetch(keys, count);
  }
}
