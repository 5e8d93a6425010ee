/**
 * nginx passive health checks (`max_fails`, `fail_timeout` on a `server` line), as
 * ngx_http_upstream_round_robin.c keeps them per peer: a failure counter `fails`, the time of the
 * last failure `accessed`, and `checked`, the start of the current check window.
 *
 * - A peer is unavailable while `fails >= max_fails` and `now - checked <= fail_timeout`;
 *   failures need not be consecutive (only a success after a new window clears them).
 * - Choosing a peer whose window has run out (`now - checked > fail_timeout`) opens a new window
 *   (`checked = now`): that one request is let through, and others are held off for another
 *   `fail_timeout` while it runs.
 * - A failure sets `fails++`, `accessed = checked = now`: one failure ejects again. A success
 *   clears `fails` only when the window started after the last failure (`accessed < checked`).
 * - `max_fails = 0` turns the checks off.
 *
 * nginx counts time in whole seconds (its cached `ngx_time()`), so times here are milliseconds on
 * the simulated clock, floored to seconds: a peer failed at 12.9 s with `fail_timeout` 10 s is held
 * off through 22.999 s. Time is always passed in; nothing here reads a clock.
 *
 * Per peer O(1) for every step; memory 3 Float64 + 2 Int32 a peer. Deterministic.
 */

/** nginx's default `max_fails`. */
export const NGINX_DEFAULT_MAX_FAILS = 1;

/** nginx's default `fail_timeout`, in milliseconds (10 s). */
export const NGINX_DEFAULT_FAIL_TIMEOUT_MS = 10_000;

/** Options of {@link NginxPassiveChecks}: one setting for every peer, as `server` lines often do. */
export interface NginxPassiveOptions {
  /**
   * Failures within a window that make a peer unavailable; 0 disables the checks.
   * @defaultValue 1
   */
  readonly maxFails?: number;
  /**
   * Length of the window and of the time a peer is held off, in ms; nginx takes whole seconds, so
   * this must be a multiple of 1000.
   * @defaultValue 10000
   */
  readonly failTimeoutMs?: number;
}

/** The checks of one peer, as {@link NginxPassiveChecks.toJSON} reports them (times in seconds). */
export interface NginxPeerHealth {
  readonly fails: number;
  readonly accessed: number;
  readonly checked: number;
}

/** Resolves and validates passive-check options; throws a RangeError naming the value. */
export function resolveNginxPassiveOptions(options: NginxPassiveOptions = {}): {
  maxFails: number;
  failTimeout: number;
} {
  const maxFails = options.maxFails ?? NGINX_DEFAULT_MAX_FAILS;
  const ms = options.failTimeoutMs ?? NGINX_DEFAULT_FAIL_TIMEOUT_MS;
  if (!Number.isInteger(maxFails) || maxFails < 0) {
    throw new RangeError(
      `nginx-passive: maxFails must be a non-negative integer, got ${String(maxFails)}`,
    );
  }
  if (!Number.isInteger(ms) || ms < 0 || ms % 1000 !== 0) {
    throw new RangeError(
      `nginx-passive: failTimeoutMs must be a non-negative multiple of 1000, got ${String(ms)}`,
    );
  }
  return { maxFails, failTimeout: ms / 1000 };
}

/** Whole seconds of a simulated time in milliseconds, as nginx's `ngx_time()` sees it. */
export function nginxSeconds(nowMs: number): number {
  return Math.floor(nowMs / 1000);
}

/**
 * The passive-check state of every peer of one upstream. Steps are O(1) and never allocate; time
 * comes in as milliseconds on the simulated clock.
 */
export class NginxPassiveChecks {
  readonly #maxFails: number;
  readonly #failTimeout: number;
  #fails: Int32Array;
  #accessed: Float64Array;
  #checked: Float64Array;
  /** Peers with `fails > 0`: while 0, nothing is held off and `available` need not be asked. */
  #failing = 0;

  /**
   * @param size - number of peers.
   * @param options - see {@link NginxPassiveOptions}.
   * @throws RangeError when an option is out of range.
   */
  constructor(size: number, options: NginxPassiveOptions = {}) {
    const resolved = resolveNginxPassiveOptions(options);
    this.#maxFails = resolved.maxFails;
    this.#failTimeout = resolved.failTimeout;
    this.#fails = new Int32Array(size);
    this.#accessed = new Float64Array(size);
    this.#checked = new Float64Array(size);
  }

  /** Number of peers. */
  get size(): number {
    return this.#fails.length;
  }

  /** `max_fails` (0: checks off). */
  get maxFails(): number {
    return this.#maxFails;
  }

  /** Forgets everything (a reload starts new workers with fresh counters), for `size` peers. */
  reset(size: number): void {
    this.#failing = 0;
    this.#fails = new Int32Array(size);
    this.#accessed = new Float64Array(size);
    this.#checked = new Float64Array(size);
  }

  /** Whether any peer has failures counted (if not, every peer is available). */
  get anyFailing(): boolean {
    return this.#failing !== 0;
  }

  /** Whether peer `i` may be chosen at `nowMs`. */
  available(i: number, nowMs: number): boolean {
    const max = this.#maxFails;
    return !(
      max !== 0 &&
      this.#fails[i]! >= max &&
      nginxSeconds(nowMs) - this.#checked[i]! <= this.#failTimeout
    );
  }

  /** Peer `i` was chosen at `nowMs`: a window that has run out restarts now. */
  selected(i: number, nowMs: number): void {
    const now = nginxSeconds(nowMs);
    if (now - this.#checked[i]! > this.#failTimeout) this.#checked[i] = now;
  }

  /**
   * A request to peer `i` failed at `nowMs` (connection refused, timeout, or a status listed in
   * `proxy_next_upstream`). Returns true when the peer has just become unavailable.
   */
  failed(i: number, nowMs: number): boolean {
    const now = nginxSeconds(nowMs);
    const fails = this.#fails[i]! + 1;
    if (fails === 1) this.#failing++;
    this.#fails[i] = fails;
    this.#accessed[i] = now;
    this.#checked[i] = now;
    return this.#maxFails !== 0 && fails >= this.#maxFails;
  }

  /** A request to peer `i` succeeded: failures are forgotten if a window began after the last. */
  succeeded(i: number): void {
    if (this.#fails[i] !== 0 && this.#accessed[i]! < this.#checked[i]!) {
      this.#fails[i] = 0;
      this.#failing--;
    }
  }

  /** Failures counted for peer `i`. */
  fails(i: number): number {
    return this.#fails[i]!;
  }

  /** A snapshot of every peer's counters. */
  toJSON(): NginxPeerHealth[] {
    return Array.from(this.#fails, (fails, i) => ({
      fails,
      accessed: this.#accessed[i]!,
      checked: this.#checked[i]!,
    }));
  }
}
