/**
 * The connections of one pool, as its picker and its clients see them. Algorithms that count
 * connections (least connections, p2c, bounded loads) count each one from its first request to
 * its end — its last request plus that request's duration — with the ends waiting in a deadline
 * heap. With connection reuse (`connection-table.ts`) a client's connection also carries its next
 * requests to the same target, and a connection left idle past the timeout ends then. Without
 * either, every request is a connection of its own, as the pool always had.
 *
 * Every connection counted open is counted closed exactly once: at its end, when it idles out, or
 * when the pool closes its target's connections. O(log open) per request; no allocation.
 */
import type { Picker } from '../balancer/picker.js';
import type { ConnectionReuse } from './pool-options.js';
import { ConnectionTable } from './connection-table.js';
import { DeadlineHeap } from './deadline-heap.js';

/**
 * The connection book of a pool whose picker counts connections (`counts`) or whose clients reuse
 * them (`reuse`); null when neither: every request is then a connection of its own that lasts no
 * time, and there is nothing to keep.
 */
export function connectionBook(
  picker: Picker,
  counts: boolean,
  reuse: ConnectionReuse | undefined,
): ConnectionBook | null {
  const table =
    reuse === undefined
      ? null
      : new ConnectionTable(reuse.clients, reuse.idleMs, reuse.requests, reuse.rng);
  return counts || table !== null ? new ConnectionBook(picker, counts, table) : null;
}

/** A pool's open connections: counted for its picker, kept for its clients. */
export class ConnectionBook {
  readonly #picker: Picker;
  /** Ends of counted connections that carry no more requests (null: the picker counts none). */
  readonly #ends: DeadlineHeap | null;
  /** Connections that carry more requests (null: no reuse, one request per connection). */
  readonly #table: ConnectionTable | null;

  constructor(picker: Picker, counts: boolean, table: ConnectionTable | null) {
    this.#picker = picker;
    this.#ends = counts ? new DeadlineHeap() : null;
    this.#table = table;
  }

  /** Ends the connections due by `nowMs`: finished ones, and those idle past the timeout. */
  closeEnded(nowMs: number): void {
    const ends = this.#ends;
    const picker = this.#picker;
    if (ends !== null) while (ends.peekEnd() <= nowMs) picker.connectionClosed(ends.pop());
    const table = this.#table;
    if (table === null) return;
    while (table.nextDeadline() <= nowMs) {
      const target = table.closeFirst();
      if (ends !== null) picker.connectionClosed(target);
    }
  }

  /** The target of the client's open connection, which carries its next request; -1: none. */
  riding(client: number): number {
    return this.#table === null ? -1 : this.#table.targetOf(client);
  }

  /**
   * A request went to target `index` at `nowMs`, on a new connection (`fresh`) or on the client's
   * open one, and kept the connection busy `busyMs`. `answered` false (the instance was down, or
   * its groups refused the client) ends the connection: the client opens a new one next time.
   */
  forwarded(
    client: number,
    index: number,
    nowMs: number,
    busyMs: number,
    fresh: boolean,
    answered: boolean,
  ): void {
    const table = this.#table;
    let more = false;
    if (table !== null) {
      if (!answered) table.close(client);
      else if (fresh) more = table.open(client, index, nowMs);
      else more = table.ride(client, nowMs);
    }
    const ends = this.#ends;
    if (ends === null) return;
    if (fresh) this.#picker.connectionOpened(index);
    if (!more) ends.push(nowMs + busyMs, index);
  }

  /** Closes every connection to a target (unbound, or a reschedule switch); they end now. */
  closeTarget(index: number): void {
    const kept = this.#table?.closeTarget(index) ?? 0;
    const ends = this.#ends;
    if (ends === null) return;
    const closed = kept + ends.removeSlot(index);
    for (let i = 0; i < closed; i++) this.#picker.connectionClosed(index);
  }
}
