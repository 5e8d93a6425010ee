/**
 * Every limit lbsim enforces, in one place: the product's own limits, the bounds on a scenario's
 * numbers, the caps on a run's work and memory (checked before it starts), and the engine's
 * internal bounds. Each says why it is what it is.
 */

// The product (SPEC section 1)

/** Listeners per load balancer (SPEC section 1). */
export const MAX_LISTENERS = 50;

/** Forwarding rules per layer-7 listener. */
export const MAX_RULES = 50;

/** Targets per layer-4 listener or per layer-7 rule. */
export const MAX_TARGETS = 100;

/** Largest weight a target may have; 0 means draining (no new requests). */
export const MAX_WEIGHT = 100;

// What a scenario's numbers may be

/**
 * Longest run, in simulated seconds (about 317 years). Simulated time is kept in milliseconds as
 * a double: 1e13 ms keeps sub-millisecond precision, and every product of time stays finite
 * (`durationSec` 1.8e305 used to overflow to Infinity ms and crash the run).
 */
export const MAX_DURATION_SEC = 1e10;

/** Shortest run: one simulated millisecond. */
export const MIN_DURATION_SEC = 0.001;

/** Narrowest report window: one simulated millisecond. */
export const MIN_WINDOW_SEC = 0.001;

/** Largest request rate (requests per simulated second); the request cap bounds the product. */
export const MAX_RATE_PER_SEC = 1e12;

/** Longest mean connection duration (about 31 years), so end times stay finite. */
export const MAX_CONNECTION_MS = 1e12;
/** Largest `traffic.requestsPerConnection.mean`: a connection that never ends in practice. */
export const MAX_REQUESTS_PER_CONNECTION = 1e6;

/** Largest Zipf exponent (at 100 the first client takes all but 1e-30 of the requests). */
export const MAX_ZIPF = 100;

/** Largest weight of a `traffic.mix` entry, so the sum of weights stays exact. */
export const MAX_MIX_WEIGHT = 1e9;

/** Most `traffic.mix` entries (each is routed once at the start of a run). */
export const MAX_MIX_ENTRIES = 10_000;

/** Longest `host` or `path` of a `traffic.mix` entry, in characters (nginx's default header buffer is 8 KiB). */
export const MAX_MIX_TEXT = 65_536;

/** Largest value of any other number (caps such as `maxRequests`), so sums of them stay finite. */
export const MAX_NUMBER = 1e15;

/**
 * Most clients a scenario may have. Not a product limit: the engine keeps per-client tables
 * (session state, the last target of each client), so this bounds their memory.
 */
export const MAX_CLIENTS = 2 ** 24;

// What a run may cost (refused before it starts; raise the DEFAULT_ ones through `options`)

/** `options.maxRequests` default: scenarios expecting more requests are refused as absurd. */
export const DEFAULT_MAX_REQUESTS = 1e9;

/**
 * `options.maxMemoryMb` default: scenarios whose estimated peak memory (sessions, client
 * tracking, connections, picker tables, report) exceeds it are refused. With the Node.js runtime
 * itself this keeps a run under about 2 GB.
 */
export const DEFAULT_MAX_MEMORY_MB = 1536;

/** `options.maxEvents` default: timed events a scenario may hold. */
export const DEFAULT_MAX_EVENTS = 100_000;

/** Most report windows a run may have (each target keeps a counter per window). */
export const MAX_WINDOWS = 100_000;

/** Most distinct targets one listener or rule may bind over a run (100 at a time, SPEC). */
export const MAX_TARGETS_PER_RUN = 1000;

/**
 * Most per-target window counters a run may keep (targets × windows, each pool's windows counted
 * as POOL_WINDOW_CELLS more): what bounds the report's size (its JSON is about 20 bytes a counter).
 */
export const MAX_WINDOW_CELLS = 5_000_000;

/**
 * A pool's report window (bounds, failed and unserved counts: about 150 bytes of JSON) counted
 * as this many target counters against MAX_WINDOW_CELLS.
 */
export const POOL_WINDOW_CELLS = 8;

// Layer-7 regexes (RE2: linear time)

/** Longest pattern source accepted, in characters. */
export const MAX_REGEX_LENGTH = 1000;

/** Most RE2 program instructions a pattern may compile to (`[a-z]{1000}` is about 1,000). */
export const MAX_REGEX_PROGRAM = 2000;

/**
 * Most characters of `~`/`~*` regexes over all rules of a scenario. Compiling costs about 10 µs
 * per RE2 instruction, so 50 listeners × 50 rules of 1,000-character regexes would take most of
 * a minute to validate; this keeps validation under about a second.
 */
export const MAX_TOTAL_REGEX_CHARS = 50_000;

// The engine

/**
 * Most targets one picker may be built over. A listener or rule holds at most 100 at a time and a
 * scenario at most 1,000 over a run; a Maglev table over 10,000 targets takes about half a minute
 * to build on a loaded 2-core machine (over 1e5: minutes), so larger lists are refused rather
 * than left to run.
 */
export const MAX_PICKER_TARGETS = 10_000;

/**
 * Least request's `activeRequestBias`: Envoy accepts any value >= 0; above 10 a second active
 * request already divides a weight by over 1000, so larger values change nothing but rounding.
 */
export const LEAST_REQUEST_BIAS = Object.freeze({ min: 0, max: 10, default: 1 });

/**
 * Least request's `choiceCount` (Envoy: >= 2, default 2). At most 10, so that a pick stays a few
 * random draws and comparisons (a full scan of a pool is what `wlc` is for).
 */
export const LEAST_REQUEST_CHOICES = Object.freeze({ min: 2, max: 10, default: 2 });

/** Longest slow-start window (`slowStartSec`): an hour, as the reschedule window. */
export const MAX_SLOW_START_SEC = 3600;

/** Targets a pool may ever hold in the probe tag's encoding (the pool takes the upper bits). */
export const TARGETS_PER_POOL = 1 << 12;

/** Client slots for stickiness tracking, over all pools: 2^26 (128 MiB). */
export const TRACKING_BUDGET = 2 ** 26;

// Sweeps

/**
 * Most seeds one sweep runs per algorithm. Each seed is a whole run, so the work of a sweep is
 * this many times a scenario's (each run is held to the caps on its own); 1,000 runs narrow an
 * interval about 14 times more than 5 do, past which more runs seldom change a decision.
 */
export const MAX_SWEEP_SEEDS = 1000;

// Messages

/** Most issues a `ScenarioError` lists; the rest are summed up in one last issue. */
export const MAX_ISSUES = 100;

/** Longest quoted value a message keeps (see {@link quoteText}). */
export const QUOTE_LIMIT = 80;

/** Longest line a message keeps (see {@link oneLine}). */
export const LINE_LIMIT = 1000;

/** The most workers one instance's service model may have. */
export const MAX_SERVICE_WORKERS = 10_000;

/**
 * The most requests one instance's queue holds: `queueLimit` may not exceed it, and without
 * `queueLimit` a queue is capped here (more requests are rejected).
 */
export const MAX_SERVICE_QUEUE = 100_000;

/** The largest mean service time, p99 and client timeout (ms) a service model may have. */
export const MAX_SERVICE_MS = 1e9;

/** The largest factor a `slow` event may multiply service times by. */
export const MAX_SLOW_FACTOR = 1e6;
