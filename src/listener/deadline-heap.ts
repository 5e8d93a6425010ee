/**
 * Deadlines ordered by time: a binary min-heap of (time in simulated ms, integer tag) pairs over
 * parallel typed arrays. Open connections use it (tag: target slot) and so do health probes (tag:
 * pool and slot). Push and pop are O(log n) and allocate only when the heap grows. Children of i
 * are 2i+1 and 2i+2, its parent (i-1)>>1. Equal times pop in no promised order, which is harmless:
 * callers pop everything due by `now` before using `now`.
 */
export class DeadlineHeap {
  #ends: Float64Array;
  #slots: Int32Array;
  #size = 0;

  /** @param initialCapacity - starting room; doubles as needed. */
  constructor(initialCapacity = 64) {
    const capacity = Math.max(1, initialCapacity | 0);
    this.#ends = new Float64Array(capacity);
    this.#slots = new Int32Array(capacity);
  }

  /** How many deadlines are pending. */
  get size(): number {
    return this.#size;
  }

  /** The earliest end time, or Infinity when empty. */
  peekEnd(): number {
    return this.#size === 0 ? Infinity : this.#ends[0]!;
  }

  /** Adds a deadline at `endMs` tagged `slot` (a non-negative 32-bit integer). */
  push(endMs: number, slot: number): void {
    if (this.#size === this.#ends.length) this.#grow();
    const ends = this.#ends;
    const slots = this.#slots;
    let i = this.#size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentEnd = ends[parent]!;
      if (parentEnd <= endMs) break;
      ends[i] = parentEnd;
      slots[i] = slots[parent]!;
      i = parent;
    }
    ends[i] = endMs;
    slots[i] = slot;
  }

  /** Removes the earliest deadline and returns its tag; -1 when empty. */
  pop(): number {
    if (this.#size === 0) return -1;
    const top = this.#slots[0]!;
    const last = --this.#size;
    this.#ends[0] = this.#ends[last]!;
    this.#slots[0] = this.#slots[last]!;
    this.#siftDown(0);
    return top;
  }

  /** Removes every deadline tagged `slot` (an unbind closes its connections); returns how many. O(n). */
  removeSlot(slot: number): number {
    const ends = this.#ends;
    const slots = this.#slots;
    let kept = 0;
    for (let i = 0; i < this.#size; i++) {
      if (slots[i] !== slot) {
        ends[kept] = ends[i]!;
        slots[kept] = slots[i]!;
        kept++;
      }
    }
    const removed = this.#size - kept;
    this.#size = kept;
    // Re-heapify bottom-up (Floyd): O(n).
    for (let i = (kept >> 1) - 1; i >= 0; i--) this.#siftDown(i);
    return removed;
  }

  #siftDown(start: number): void {
    const ends = this.#ends;
    const slots = this.#slots;
    const n = this.#size;
    const end = ends[start]!;
    const slot = slots[start]!;
    let i = start;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && ends[child + 1]! < ends[child]!) child++;
      if (ends[child]! >= end) break;
      ends[i] = ends[child]!;
      slots[i] = slots[child]!;
      i = child;
    }
    ends[i] = end;
    slots[i] = slot;
  }

  #grow(): void {
    const ends = new Float64Array(this.#ends.length * 2);
    ends.set(this.#ends);
    const slots = new Int32Array(this.#slots.length * 2);
    slots.set(this.#slots);
    this.#ends = ends;
    this.#slots = slots;
  }
}
