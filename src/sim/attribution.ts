/**
 * Attributing what moved to the event that caused it: sessions moved off abnormal or rescheduled
 * targets and clients remapped are collected from each pool and charged to the latest event that
 * changed that pool, so an event's effects show as its clients come back after it. Moves that no
 * event caused (a health flap before any event) are not attributed.
 */
import type { PoolRef } from '../cloud/pool-ref.js';
import type { BackendPool } from '../listener/backend-pool.js';
import type { EventSpec } from '../scenario/types.js';
import { describeEvent, eventParams } from './describe-event.js';

/** What one control event did to sessions and clients (for the report). */
export interface EventEffect {
  readonly atSec: number;
  readonly op: string;
  /** The event in words, written as it was applied (`describe-event.ts`). */
  readonly description: string;
  /** The event's own fields. */
  readonly params: Readonly<Record<string, unknown>>;
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

  /** An event starts: charge what moved so far, describe it as things stand, and open its effect. */
  begin(event: EventSpec): EventEffect {
    this.collect();
    this.#before = this.#pools.map((p) => p.controlChanges);
    const effect: EventEffect = {
      atSec: event.atSec,
      op: event.op,
      description: describeEvent(event, { weightOf: (pool, id) => this.#weightOf(pool, id) }),
      params: eventParams(event),
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

  #weightOf(ref: PoolRef, id: string): number | undefined {
    const pool = this.#pools.find((p) => p.listener === ref.listener && p.rule === ref.rule);
    const index = pool?.findBound(id) ?? -1;
    return index < 0 ? undefined : pool!.targets[index]!.weight;
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
