/**
 * Who sends the requests: a client population with consecutive addresses from a CIDR block,
 * chosen uniformly or by Zipf popularity, arriving as a Poisson process. Each source of randomness
 * is its own seeded stream, so adding draws to one does not reshuffle the others.
 */
import type { ConnectionReuse } from '../listener/pool-options.js';
import { parseCidr } from '../network/cidr.js';
import { exponential } from '../random/exponential.js';
import { deriveRng, type Rng } from '../random/rng.js';
import { ZipfSampler } from '../random/zipf.js';
import type { ListenerSpec, Scenario, TrafficSpec } from '../scenario/types.js';
import { mostSessions, type SessionKeys } from '../session/session-store.js';

/**
 * Clients drawn at a time: their addresses go to `onBatch` before their requests are served. 64
 * rather than 16: at 10^6-10^7 clients 0.88-0.93x the time, side by side (more misses overlap).
 */
export const CLIENT_BATCH = 64;

/**
 * Picks clients and their addresses. Clients are drawn CLIENT_BATCH at a time from their own
 * stream (the same sequence as one at a time), and each batch's addresses are handed to
 * `onBatch` first: pools read ahead the per-client state those requests will need, so the cache
 * misses of a batch overlap (group prefetching) instead of costing one memory latency each.
 */
export class ClientPopulation {
  /** Number of clients. */
  readonly size: number;
  /** Called with each batch's addresses (and their count) before its first client is served. */
  onBatch: ((addresses: Uint32Array, count: number) => void) | null = null;
  readonly #base: number;
  readonly #zipf: ZipfSampler | null;
  readonly #rng: Rng;
  readonly #batch = new Uint32Array(CLIENT_BATCH);
  readonly #addresses = new Uint32Array(CLIENT_BATCH);
  #next = CLIENT_BATCH;

  constructor(traffic: TrafficSpec, rng: Rng) {
    const cidr = parseCidr(traffic.clientCidr);
    if (cidr.family !== 4) throw new RangeError('traffic: clientCidr must be an IPv4 block');
    this.size = traffic.clients;
    this.#base = cidr.base >>> 0;
    this.#rng = rng;
    // Client k (from 0) is the (k+1)-th most popular: weight 1 / (k+1)^s, sampled without a table.
    this.#zipf =
      traffic.popularity === 'uniform' ? null : new ZipfSampler(this.size, traffic.popularity.zipf);
  }

  /** The index of the next request's client. */
  next(): number {
    if (this.#next === CLIENT_BATCH) this.#draw();
    return this.#batch[this.#next++]!;
  }

  #draw(): void {
    const batch = this.#batch;
    const zipf = this.#zipf;
    for (let k = 0; k < CLIENT_BATCH; k++) {
      batch[k] = zipf === null ? (this.#rng.next() * this.size) | 0 : zipf.sample(this.#rng);
    }
    this.#next = 0;
    const announce = this.onBatch;
    if (announce === null) return;
    const addresses = this.#addresses;
    for (let k = 0; k < CLIENT_BATCH; k++) addresses[k] = this.address(batch[k]!);
    announce(addresses, CLIENT_BATCH);
  }

  /** The IPv4 address (uint32) of client `index`. */
  address(index: number): number {
    return (this.#base + index) >>> 0;
  }
}

/** Arrival times computed at a time (the stream's draws past the run's end are never used). */
const ARRIVAL_BATCH = 256;

/**
 * Poisson arrivals: exponential gaps with mean 1000/ratePerSec ms (`random/exponential.ts`).
 * Times are computed ARRIVAL_BATCH at a time in a tight loop, so that `next` is one array read V8
 * inlines.
 */
export class Arrivals {
  readonly #meanGapMs: number;
  readonly #rng: Rng;
  readonly #times = new Float64Array(ARRIVAL_BATCH);
  #next = ARRIVAL_BATCH;

  constructor(ratePerSec: number, rng: Rng) {
    this.#meanGapMs = 1000 / ratePerSec;
    this.#rng = rng;
  }

  /** The time of the next arrival in simulated ms. */
  next(): number {
    if (this.#next === ARRIVAL_BATCH) this.#fill();
    return this.#times[this.#next++]!;
  }

  /** The time of the last arrival `next` returned. */
  get lastMs(): number {
    return this.#times[this.#next - 1]!;
  }

  #fill(): void {
    const times = this.#times;
    const rng = this.#rng;
    const meanGapMs = this.#meanGapMs;
    let now = times[ARRIVAL_BATCH - 1]!;
    for (let k = 0; k < ARRIVAL_BATCH; k++) {
      now += exponential(rng, meanGapMs);
      times[k] = now;
    }
    this.#next = 0;
  }
}

/** The session keys of a run's requests: the clients' consecutive addresses. */
export function sessionKeysOf(traffic: TrafficSpec, durationSec: number): SessionKeys {
  const cidr = parseCidr(traffic.clientCidr);
  if (cidr.family !== 4) throw new RangeError('traffic: clientCidr must be an IPv4 block');
  return {
    base: cidr.base >>> 0,
    count: traffic.clients,
    maxSessions: mostSessions(traffic.clients, traffic.ratePerSec * durationSec),
  };
}

/**
 * How a layer-4 listener's pool reuses connections: each client's connection carries
 * `traffic.requestsPerConnection` requests unless idle past the listener's idle timeout; counts are
 * drawn from the listener's own stream. Undefined when every connection carries one request.
 */
export function connectionReuse(
  scenario: Scenario,
  listener: ListenerSpec,
): ConnectionReuse | undefined {
  const requests = scenario.traffic.requestsPerConnection;
  if (requests === undefined || requests.mean <= 1) return undefined;
  return {
    requests,
    clients: scenario.traffic.clients,
    idleMs: listener.idleTimeoutSec * 1000,
    rng: deriveRng(scenario.seed, `connections:${listener.id}`),
  };
}

/**
 * Arrival times only grow, so a request's report window, min(⌊now / windowMs⌋, windows - 1),
 * changes only at a boundary: `at` recomputes it with that formula from boundary × (1 − 2^-40) on
 * (a margin far wider than the division's rounding, so the answer is the formula's exactly) and
 * otherwise answers with one comparison instead of a division.
 */
export class WindowIndex {
  readonly #windowMs: number;
  readonly #last: number;
  #window = 0;
  #recomputeAtMs: number;

  constructor(windowMs: number, windows: number) {
    this.#windowMs = windowMs;
    this.#last = windows - 1;
    this.#recomputeAtMs = this.#last > 0 ? windowMs * WINDOW_EARLY : Infinity;
  }

  /** The window of time `nowMs`; calls must come in non-decreasing time order. */
  at(nowMs: number): number {
    return nowMs >= this.#recomputeAtMs ? this.#recompute(nowMs) : this.#window;
  }

  /** Out of line: V8 inlines `at` into the request loop whole, and its budget is shared. */
  #recompute(nowMs: number): number {
    const w = Math.min((nowMs / this.#windowMs) | 0, this.#last);
    this.#window = w;
    this.#recomputeAtMs = w < this.#last ? (w + 1) * this.#windowMs * WINDOW_EARLY : Infinity;
    return w;
  }
}

/** Where {@link WindowIndex} starts recomputing, relative to the next boundary. */
const WINDOW_EARLY = 1 - 2 ** -40;
