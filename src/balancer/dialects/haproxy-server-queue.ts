/**
 * The order HAProxy's eb32 trees give servers (include/import/ebtree.h): ascending 32-bit key, and
 * among equal keys the order of insertion ("duplicates are walked in insertion order"). The fwrr
 * and fwlc pickers only ever read the first server of such a tree, so an indexed binary min-heap
 * on (key, insertion sequence) gives the same answers.
 *
 * Reference: eb32 duplicate handling in HAProxy 2.6's ebtree; the heap is the textbook one
 * (Cormen et al., ch. 6) with a position index for removal.
 * Complexity: insert / remove O(log n), first O(1); memory 24 bytes a server; no allocation after
 * construction. Determinism: the order depends only on the sequence of operations.
 */

/** Servers 0..capacity-1 ordered by (key, insertion order); each server at most once. */
export class ServerQueue {
  /** How many servers the queue can hold (ids 0..capacity-1). */
  readonly capacity: number;
  private readonly heap: Int32Array;
  private readonly pos: Int32Array;
  private readonly keys: Uint32Array;
  private readonly seqs: Float64Array;
  private count = 0;
  private nextSeq = 0;

  /** An empty queue for servers `0..capacity-1`. */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) {
      throw new RangeError(
        `haproxy-server-queue: capacity must be a non-negative integer, got ${String(capacity)}`,
      );
    }
    this.capacity = capacity;
    this.heap = new Int32Array(capacity);
    this.pos = new Int32Array(capacity).fill(-1);
    this.keys = new Uint32Array(capacity);
    this.seqs = new Float64Array(capacity);
  }

  /** How many servers are queued. */
  get size(): number {
    return this.count;
  }

  /** True when `server` is queued. */
  has(server: number): boolean {
    return this.pos[server] !== undefined && this.pos[server] >= 0;
  }

  /** The key `server` was queued with (meaningful only while queued). */
  keyOf(server: number): number {
    return this.keys[server]!;
  }

  /** The first server (smallest key, earliest inserted among equals), or -1 when empty. */
  first(): number {
    return this.count > 0 ? this.heap[0]! : -1;
  }

  /** Queues `server` with `key` after every queued server of the same key. */
  insert(server: number, key: number): void {
    if (!Number.isInteger(server) || server < 0 || server >= this.capacity) {
      throw new RangeError(
        `haproxy-server-queue: server must be in 0..${this.capacity - 1}, got ${server}`,
      );
    }
    if (this.pos[server]! >= 0) this.remove(server);
    this.keys[server] = key >>> 0;
    this.seqs[server] = this.nextSeq++;
    const i = this.count++;
    this.heap[i] = server;
    this.pos[server] = i;
    this.siftUp(i);
  }

  /** Removes `server` if queued. */
  remove(server: number): void {
    const i = this.pos[server];
    if (i === undefined || i < 0) return;
    this.pos[server] = -1;
    const last = --this.count;
    if (i === last) return;
    const moved = this.heap[last]!;
    this.heap[i] = moved;
    this.pos[moved] = i;
    this.siftUp(i);
    this.siftDown(this.pos[moved]);
  }

  /** Empties the queue. */
  clear(): void {
    for (let i = 0; i < this.count; i++) this.pos[this.heap[i]!] = -1;
    this.count = 0;
  }

  private less(a: number, b: number): boolean {
    const ka = this.keys[a]!;
    const kb = this.keys[b]!;
    return ka < kb || (ka === kb && this.seqs[a]! < this.seqs[b]!);
  }

  private siftUp(start: number): void {
    const heap = this.heap;
    let i = start;
    const s = heap[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!this.less(s, p)) break;
      heap[i] = p;
      this.pos[p] = i;
      i = parent;
    }
    heap[i] = s;
    this.pos[s] = i;
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    const n = this.count;
    let i = start;
    const s = heap[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.less(heap[r]!, heap[l]!) ? r : l;
      const child = heap[c]!;
      if (!this.less(child, s)) break;
      heap[i] = child;
      this.pos[child] = i;
      i = c;
    }
    heap[i] = s;
    this.pos[s] = i;
  }
}
