/**
 * Connection reuse on a layer-4 pool (`traffic.requestsPerConnection`): a client's connection
 * carries several requests to the one target it was balanced to. Each client holds at most one
 * connection per pool; when it opens, the number of requests it will carry is drawn (geometric or
 * constant around the mean). Its later requests ride it until that number is used up, the client
 * stays idle past the listener's idle timeout, or the pool closes the target's connections (unbind,
 * reschedule switches). The last request hands the connection's end back to the pool.
 *
 * Idle time counts from a request's arrival, so deadlines grow with the clock and open
 * connections wait in arrival order of their latest request: a doubly linked list over per-client
 * arrays (the least recently used first, as in an LRU cache). Open, ride, close and closing the due
 * ones: O(1) each; closing one target's connections: O(open). Memory is fixed by the client count;
 * no allocation after construction. (An indexed heap keyed by deadline took 4× the run time on
 * 10^5 clients: a ride always sinks its entry to the bottom.) Draws come from the seeded `Rng`
 * passed in, one per connection opened.
 */
import { exponential } from '../random/exponential.js';
import type { Rng } from '../random/rng.js';
import type { RequestsPerConnectionSpec } from '../scenario/types.js';

/** Requests a connection may carry at most (an Int32 count). */
const MOST_REQUESTS = 2 ** 31 - 1;

/**
 * Draws how many requests a new connection carries (≥ 1): `constant` gives the mean; `geometric`
 * gives k with probability (1 − p)^(k−1)·p, p = 1/mean, as 1 + ⌊E / λ⌋ for an exponential E
 * (`random/exponential.ts`) and λ = −ln(1 − p), since P(⌊E / λ⌋ ≥ k) = e^(−kλ) = (1 − p)^k (1/λ
 * computed once).
 */
export class RequestCounts {
  readonly #constant: number;
  /** 1/λ = −1 / ln(1 − 1/mean) for the geometric draw; 0 when every count is the constant. */
  readonly #scale: number;

  constructor(spec: RequestsPerConnectionSpec) {
    const geometric = spec.distribution === 'geometric' && spec.mean > 1;
    this.#constant = Math.min(MOST_REQUESTS, Math.round(spec.mean));
    this.#scale = geometric ? -1 / Math.log(1 - 1 / spec.mean) : 0;
  }

  /** The next connection's number of requests. */
  draw(rng: Rng): number {
    if (this.#scale === 0) return this.#constant;
    return Math.min(MOST_REQUESTS, 1 + Math.floor(exponential(rng, this.#scale)));
  }
}

/** Fields of a client's record in the table, 4 int32 per client (one cache line holds 4 clients). */
const TARGET = 0;
const LEFT = 1;
const PREVIOUS = 2;
const NEXT = 3;
const STRIDE = 4;

/** The open connections of one pool, one per client at most. */
export class ConnectionTable {
  /**
   * Per client at `client × STRIDE`: 1 + the target of its open connection (0: none), the requests
   * it will still carry, and the previous and next client in deadline order (-1: none). One record
   * per client keeps a ride to one or two cache misses on large populations.
   */
  readonly #records: Int32Array;
  /** Per client: when its open connection closes if the client stays idle. */
  readonly #deadline: Float64Array;
  /** The open connections with the earliest and latest deadline (-1: none open). */
  #head = -1;
  #tail = -1;
  #size = 0;
  readonly #idleMs: number;
  readonly #counts: RequestCounts;
  readonly #rng: Rng;

  /**
   * @param clients - the number of clients (requests carry a client index below it).
   * @param idleMs - the listener's idle timeout: a connection whose client sends nothing for
   *   this long after a request's arrival closes.
   * @param spec - how many requests a connection carries.
   * @param rng - the stream the counts are drawn from.
   */
  constructor(clients: number, idleMs: number, spec: RequestsPerConnectionSpec, rng: Rng) {
    this.#records = new Int32Array(clients * STRIDE);
    this.#deadline = new Float64Array(clients);
    this.#idleMs = idleMs;
    this.#counts = new RequestCounts(spec);
    this.#rng = rng;
  }

  /** Connections open now. */
  get size(): number {
    return this.#size;
  }

  /** The target of the client's open connection, or -1 (close the due ones first). */
  targetOf(client: number): number {
    return this.#records[client * STRIDE + TARGET]! - 1;
  }

  /**
   * A connection of `client` to `target` carried its first request, arrived at `nowMs` (the
   * latest time the table has seen). Draws its request count; returns true when requests remain
   * (it stays open here), false when this was its only one (the caller ends it).
   */
  open(client: number, target: number, nowMs: number): boolean {
    const requests = this.#counts.draw(this.#rng);
    if (requests <= 1) return false;
    const at = client * STRIDE;
    this.#records[at + TARGET] = target + 1;
    this.#records[at + LEFT] = requests - 1;
    this.#size++;
    this.#append(client, nowMs);
    return true;
  }

  /**
   * The client's open connection carried one more request, arrived at `nowMs`. Returns true when
   * requests remain (its idle deadline moves on), false when that was its last (it leaves the
   * table; the caller ends it).
   */
  ride(client: number, nowMs: number): boolean {
    const left = --this.#records[client * STRIDE + LEFT]!;
    this.#unlink(client);
    if (left <= 0) {
      this.#forget(client);
      return false;
    }
    this.#append(client, nowMs);
    return true;
  }

  /** Removes the client's open connection, if it has one (it broke, or carried its last request). */
  close(client: number): void {
    if (this.#records[client * STRIDE + TARGET] === 0) return;
    this.#unlink(client);
    this.#forget(client);
  }

  /** The earliest idle deadline, or Infinity when no connection is open. */
  nextDeadline(): number {
    return this.#head < 0 ? Infinity : this.#deadline[this.#head]!;
  }

  /** Closes the earliest-deadline connection and returns its target (call when it is due). */
  closeFirst(): number {
    const client = this.#head;
    const target = this.targetOf(client);
    this.close(client);
    return target;
  }

  /** Closes every connection to `target`; returns how many. O(open). */
  closeTarget(target: number): number {
    const records = this.#records;
    let closed = 0;
    for (let client = this.#head; client >= 0;) {
      const after = records[client * STRIDE + NEXT]!;
      if (records[client * STRIDE + TARGET] === target + 1) {
        this.close(client);
        closed++;
      }
      client = after;
    }
    return closed;
  }

  /** Puts the client last in deadline order: arrivals only grow, and so do deadlines. */
  #append(client: number, nowMs: number): void {
    const records = this.#records;
    const at = client * STRIDE;
    this.#deadline[client] = nowMs + this.#idleMs;
    records[at + NEXT] = -1;
    records[at + PREVIOUS] = this.#tail;
    if (this.#tail >= 0) records[this.#tail * STRIDE + NEXT] = client;
    else this.#head = client;
    this.#tail = client;
  }

  #unlink(client: number): void {
    const records = this.#records;
    const at = client * STRIDE;
    const before = records[at + PREVIOUS]!;
    const after = records[at + NEXT]!;
    if (before >= 0) records[before * STRIDE + NEXT] = after;
    else this.#head = after;
    if (after >= 0) records[after * STRIDE + PREVIOUS] = before;
    else this.#tail = before;
  }

  #forget(client: number): void {
    const at = client * STRIDE;
    this.#records[at + TARGET] = 0;
    this.#records[at + LEFT] = 0;
    this.#size--;
  }
}
