/**
 * Attributing what moved to the event that caused it: sessions moved off abnormal or rescheduled
 * targets and clients remapped are collected from each pool and charged to the latest event that
 * changed that pool, so an event's effects show as its clients come back after it. Moves that no
 * event caused (a health flap before any event) are not attributed.
 */
import type { BackendPool } from '../listener/backend-pool.js';

/** What one control event did to sessions and clients (for the report). */
export interface EventEffect {
  readonly atSec: number;
  readonly op: string;
  sessionsMoved: number;
  sessionsDropped: number;
  readonly movedTo: Map<string, number>;
  /** Clients of sticky pools (hashing pickers, sessions) whose requests went to another target. */
  clientsRemapped: number;
}

/** The events applied so far and, per pool, the one its moves are charged to. */
export class MoveAttribution {
  readonly effects: EventEffect[] = [];
  readonly #pools: readonly BackendPool[];
  /** Per pool, the index (in `effects`) of the latest event that changed it. */
  readonly #cause: number[] = [];
  #before: number[] = [];

  constructor(pools: readonly BackendPool[]) {
    this.#pools = pools;
  }

  /** An event starts: charge what moved so far, and open its effect. */
  begin(atSec: number, op: string): EventEffect {
    this.collect();
    this.#before = this.#pools.map((p) => p.controlChanges);
    const effect: EventEffect = {
      atSec,
      op,
      sessionsMoved: 0,
      sessionsDropped: 0,
      movedTo: new Map(),
      clientsRemapped: 0,
    };
    this.effects.push(effect);
    return effect;
  }

  /** The event is applied: what moves in a pool it changed is its doing from now on. */
  end(): void {
    this.#pools.forEach((p, i) => {
      if (p.controlChanges !== this.#before[i]) this.#cause[i] = this.effects.length - 1;
    });
  }

  /** Charges what moved in each pool since the last collection to that pool's cause. */
  collect(): void {
    this.#pools.forEach((pool, p) => {
      const { moved, movedTo, remapped } = pool.takeMoves();
      const cause = this.effects[this.#cause[p] ?? -1];
      if (cause === undefined) return;
      cause.sessionsMoved += moved;
      cause.clientsRemapped += remapped;
      for (const [id, n] of movedTo) cause.movedTo.set(id, (cause.movedTo.get(id) ?? 0) + n);
    });
  }
}
