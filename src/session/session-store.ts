/**
 * The session state of one pool, chosen up front so that a request costs the same whether the
 * run has 10^4 or 10^7 clients: a dense table indexed by client (`dense-session-table.ts`) where
 * that is smaller, else the hash table (`session-table.ts`) sized for the most sessions the run
 * can hold, so it never doubles mid-run. Both keep the same semantics; the choice changes only
 * memory and speed.
 *
 * Complexity: O(1) to choose. Determinism: the choice depends on the numbers given only.
 */
import { DENSE_BYTES_PER_KEY, DenseSessionTable, MAX_DENSE_KEYS } from './dense-session-table.js';
import { SessionTable } from './session-table.js';

/** What a pool asks of its session state (both tables implement it). */
export interface SessionStore {
  readonly size: number;
  readonly expired: number;
  expiredFor(target: number): number;
  touch(key: number, nowMs: number): number;
  peek(key: number, nowMs: number): number;
  set(key: number, target: number, nowMs: number): void;
  delete(key: number, nowMs?: number): boolean;
  dropTarget(target: number, nowMs: number): number;
  countByTarget(nowMs: number, out: Uint32Array): void;
  forEachLive(nowMs: number, fn: (key: number, target: number) => void): void;
  prune(nowMs: number): number;
  byteSize(): number;
}

/** The keys a pool's sessions can have: consecutive client addresses, and how many can be live. */
export interface SessionKeys {
  /** The first client's key (its IPv4 address as a uint32). */
  readonly base: number;
  /** Number of clients (consecutive keys from `base`). */
  readonly count: number;
  /** The most sessions that can be live at once (at most `count`). */
  readonly maxSessions: number;
}

/**
 * The most sessions a pool can hold over a run of `clients` clients and `arrivals` expected
 * arrivals: no more than the clients, nor than the arrivals (their mean plus six standard
 * deviations of a Poisson count).
 */
export function mostSessions(clients: number, arrivals: number): number {
  return Math.min(clients, Math.ceil(arrivals + 6 * Math.sqrt(arrivals) + 16));
}

/** Bytes per slot of the hash table, and the load it is sized for (its rebuild load). */
const HASH_BYTES_PER_SLOT = 16;
const HASH_SIZING_LOAD = 0.5;
/** Largest up-front hash capacity the table accepts (sessions). */
const MAX_INITIAL_SESSIONS = 2 ** 28;

/** Slots a hash table sized for `sessions` at HASH_SIZING_LOAD has (a power of two, at least 8). */
function hashSlotsFor(sessions: number): number {
  let slots = 8;
  while (sessions > slots * HASH_SIZING_LOAD) slots *= 2;
  return slots;
}

/** Bytes the session state of `keys` takes (for the pre-run memory estimate). */
export function sessionStoreBytes(keys: SessionKeys): number {
  // +1: the table's rebuild also makes room for the insert that triggered it.
  const hash = hashSlotsFor(Math.ceil(keys.maxSessions) + 1) * HASH_BYTES_PER_SLOT;
  const dense = keys.count * DENSE_BYTES_PER_KEY;
  return keys.count <= MAX_DENSE_KEYS ? Math.min(hash, dense) : hash;
}

/**
 * The smaller of a dense table over `keys` and a hash table sized for `keys.maxSessions`; without
 * `keys`, a hash table that starts small and grows as needed.
 */
export function createSessionStore(timeoutMs: number, keys?: SessionKeys): SessionStore {
  if (keys === undefined) return new SessionTable({ timeoutMs });
  const dense = keys.count * DENSE_BYTES_PER_KEY;
  if (keys.count <= MAX_DENSE_KEYS && dense <= sessionStoreBytes(keys)) {
    return new DenseSessionTable({ timeoutMs, keyBase: keys.base, keys: keys.count });
  }
  // The table rebuilds at its initial capacity while the live sessions fill at most half of it;
  // initialCapacity is counted against a load of 0.75, hence 1.5× the sessions.
  const sessions = Math.max(0, Math.ceil(keys.maxSessions)) + 1;
  const initialCapacity = Math.min(Math.ceil(sessions * 1.5), MAX_INITIAL_SESSIONS);
  return new SessionTable({ timeoutMs, initialCapacity });
}
