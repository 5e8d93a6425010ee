/**
 * What a pool's clients did between two events, for attribution: sessions moved to another
 * target (and where they went) and clients remapped to another target than their previous one.
 * The engine takes the log after each event and charges it to that event.
 */

/** Moves since the last {@link MoveLog.take}. */
export interface Moves {
  readonly moved: number;
  readonly movedTo: Map<string, number>;
  readonly remapped: number;
}

/** Counts moves and remaps until taken. O(1) a count; allocates only on take. */
export class MoveLog {
  #moved = 0;
  #movedTo = new Map<string, number>();
  #remapped = 0;

  /** A session moved to the target `id`. */
  moved(id: string): void {
    this.#moved++;
    this.#movedTo.set(id, (this.#movedTo.get(id) ?? 0) + 1);
  }

  /** A client's request went to another target than its previous one. */
  remapped(): void {
    this.#remapped++;
  }

  /** The moves so far; the log starts again from zero. */
  take(): Moves {
    const result = { moved: this.#moved, movedTo: this.#movedTo, remapped: this.#remapped };
    this.#moved = 0;
    this.#movedTo = new Map();
    this.#remapped = 0;
    return result;
  }
}
