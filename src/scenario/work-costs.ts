/**
 * The measured costs and sizes behind the pre-run work estimate (`work-estimate.ts`). Picker build
 * costs live with each algorithm, in the algorithm table (`buildCost`).
 */

/**
 * Costs and sizes behind the estimates, measured on Node 20 (2 cores). A request-equivalent is
 * the time of one simulated request with sessions on, about 0.1 µs.
 */
export const COST = Object.freeze({
  /**
   * Extra cost of a request through a session table, as a multiple of a plain request: from 1
   * (tables in cache) to 8 (2^24 clients: a cache miss or two per request). Measured on the
   * 2-core machine under load: 2e7 requests took 3.2 s plain, 14 s with sessions of 2^20 clients,
   * 31 s with 2^24.
   */
  sessionLookup: { min: 1, max: 8 },
  /** Extra cost of a request of a sticky pool without sessions (the last-target array). */
  trackingLookup: 1,
  /**
   * Extra cost of a request of a layer-4 pool that reuses connections (a connection-table lookup
   * and a move to the end of its list, with neighbours anywhere in the table): from 2 (tables in
   * cache) to 8, growing with the clients like `sessionLookup`. Measured in one process, 4e6
   * requests over 10 targets, mean 5: 3.5× the run time of the same scenario without reuse at
   * 10^5 clients, 1.5× at 10^3.
   */
  connectionReuse: { min: 2, max: 8 },
  /** A health probe: start, outcome, two heap operations. */
  probe: 1,
  /** Per target per rebuild: the pool's own scan of its targets. */
  target: 1,
  /** Per report window cell (building the window objects, rendering them). */
  windowCell: 3,
  /** Regex steps (one character through one RE2 instruction) per request-equivalent. */
  regexStepsPerUnit: 40,
  /** Bytes per client and sticky pool for "where did this client go last" (Uint16). */
  trackingBytes: 2,
  /** Budget of client-tracking slots over all pools (the engine stops tracking beyond it). */
  trackingSlots: 2 ** 26,
  /**
   * Bytes per client of a layer-4 pool that reuses connections (`listener/connection-table.ts`:
   * target, requests left, previous and next in deadline order, deadline).
   */
  connectionTableBytes: 4 * 4 + 8,
  /** Bytes per open connection of a least-connections or p2c pool (heap entry, doubling). */
  connectionBytes: 36,
  /** Bytes per report window cell (a counter, its report object and its JSON text). */
  windowCellBytes: 240,
  /** Bytes per health transition or weight change kept for the report. */
  historyBytes: 120,
  /** Bytes per target slot (counters, objects). */
  slotBytes: 2000,
  /** Bytes per event kept for the report. */
  eventBytes: 600,
  /** The runtime, the code and the scenario itself. */
  baseBytes: 120 * 2 ** 20,
});

/** Passive checks: an ejected target is out for this long, then restored (a rebuild each way). */
export const EJECTION_SEC = 10;
