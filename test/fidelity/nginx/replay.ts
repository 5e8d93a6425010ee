/**
 * Captures of real nginx and their replay through the dialect pickers. A capture records what
 * nginx did (which backend served each key or request, which peers each request tried); a replay
 * computes what the picker does for the same input. Shared by the live fidelity suite (nginx now)
 * and the unit tests (checked-in captures), so both compare exactly the same things.
 */
import type { DialectPicker } from '../../../src/balancer/dialects/dialect-picker.js';
import type {
  NginxPickerOptions,
  NginxTarget,
} from '../../../src/balancer/dialects/nginx-upstream.js';
import { createNginxRoundRobinPicker } from '../../../src/balancer/dialects/nginx-round-robin.js';
import { createNginxIpHashPicker } from '../../../src/balancer/dialects/nginx-ip-hash.js';
import { createNginxHashPicker } from '../../../src/balancer/dialects/nginx-hash.js';
import { createNginxHashConsistentPicker } from '../../../src/balancer/dialects/nginx-hash-consistent.js';
import { createNginxLeastConnPicker } from '../../../src/balancer/dialects/nginx-least-conn.js';

/** The nginx dialects a capture may name. */
export type NginxDialect =
  | 'nginx-round-robin'
  | 'nginx-ip-hash'
  | 'nginx-hash'
  | 'nginx-hash-consistent'
  | 'nginx-least-conn';

/** A dialect picker with the retry and passive-check hooks of the nginx pickers. */
export type NginxDialectPicker = DialectPicker & {
  pickNext(): number;
  reportFailure(index: number): void;
  reportSuccess(index: number): void;
};

/** Builds the picker of a dialect. */
export function createDialect(
  algorithm: NginxDialect,
  targets: readonly NginxTarget[],
  options?: NginxPickerOptions,
): NginxDialectPicker {
  switch (algorithm) {
    case 'nginx-round-robin':
      return createNginxRoundRobinPicker(targets, options);
    case 'nginx-ip-hash':
      return createNginxIpHashPicker(targets, options);
    case 'nginx-hash':
      return createNginxHashPicker(targets, options);
    case 'nginx-hash-consistent':
      return createNginxHashConsistentPicker(targets, options);
    case 'nginx-least-conn':
      return createNginxLeastConnPicker(targets, options);
  }
}

/** One configuration of the upstream and what nginx did with it. */
export interface Phase {
  readonly name: string;
  /** The `server` lines, in order (`down` as on the line). */
  readonly targets: readonly NginxTarget[];
  /** One character per key or request: the index of the serving target, `-` for a 502. */
  readonly served: string;
}

/** Keys (client addresses or `$arg_k` values) sent to each configuration in turn. */
export interface KeysCapture {
  readonly kind: 'keys';
  readonly nginx: string;
  readonly algorithm: NginxDialect;
  readonly keys: readonly string[];
  readonly phases: readonly Phase[];
}

/** Requests in sequence, one at a time, against each configuration (fresh nginx each). */
export interface SequenceCapture {
  readonly kind: 'sequence';
  readonly nginx: string;
  readonly algorithm: NginxDialect;
  readonly phases: readonly (Phase & { readonly requests: number })[];
}

/** Scripted concurrent connections: -1 opens one, j >= 0 completes the j-th still open. */
export interface ConnectionsCapture {
  readonly kind: 'connections';
  readonly nginx: string;
  readonly algorithm: NginxDialect;
  readonly phases: readonly (Phase & { readonly ops: readonly number[] })[];
}

/** Timed requests with refusing peers: which peers each request tried, in order. */
export interface PassiveCapture {
  readonly kind: 'passive';
  readonly nginx: string;
  readonly phases: readonly {
    readonly name: string;
    readonly algorithm: NginxDialect;
    readonly targets: readonly NginxTarget[];
    /** Indices of targets whose port refuses connections. */
    readonly dead: readonly number[];
    readonly maxFails: number;
    readonly failTimeoutMs: number;
    /** Per request: send time (ms since the epoch), key (`$arg_k`, or "" ) and peers tried. */
    readonly requests: readonly { t: number; key: string; tried: number[]; status: number }[];
  }[];
}

/** Any capture. */
export type Capture = KeysCapture | SequenceCapture | ConnectionsCapture | PassiveCapture;

const code = (i: number): string => (i < 0 ? '-' : i.toString(36));

/** Targets as `update` takes them: `down` becomes weight 0. */
function asUpdate(targets: readonly NginxTarget[]): NginxTarget[] {
  return targets.map((t) => (t.down === true ? { id: t.id, weight: 0 } : t));
}

/**
 * Replays a keys capture. `mode` `fresh` builds a picker per configuration (nginx restarted);
 * `update` builds one from the first and moves it through the rest with `update`.
 */
export function replayKeys(capture: KeysCapture, mode: 'fresh' | 'update'): string[] {
  let picker: NginxDialectPicker | undefined;
  return capture.phases.map((phase) => {
    if (mode === 'fresh' || picker === undefined) {
      picker = createDialect(capture.algorithm, phase.targets);
    } else {
      picker.update(asUpdate(phase.targets));
    }
    const p = picker;
    return capture.keys.map((k) => code(p.pickKey(k))).join('');
  });
}

/** Replays a sequence capture: a fresh picker per configuration, `requests` picks. */
export function replaySequence(capture: SequenceCapture): string[] {
  return capture.phases.map((phase) => {
    const picker = createDialect(capture.algorithm, phase.targets);
    let out = '';
    for (let i = 0; i < phase.requests; i++) out += code(picker.pick(0));
    return out;
  });
}

/** Replays a connections capture (opens pick and count; completions uncount). */
export function replayConnections(capture: ConnectionsCapture): string[] {
  return capture.phases.map((phase) => {
    const picker = createDialect(capture.algorithm, phase.targets);
    const open: number[] = [];
    let out = '';
    for (const op of phase.ops) {
      if (op < 0) {
        const p = picker.pick(0);
        out += code(p);
        if (p >= 0) picker.connectionOpened(p);
        open.push(p);
      } else {
        const [p] = open.splice(op, 1);
        if (p !== undefined && p >= 0) picker.connectionClosed(p);
      }
    }
    return out;
  });
}

/** Replays a passive capture: the peers each request tries, joined as `0,2;1;...`. */
export function replayPassive(capture: PassiveCapture): string[] {
  return capture.phases.map((phase) => {
    let now = 0;
    const picker = createDialect(phase.algorithm, phase.targets, {
      maxFails: phase.maxFails,
      failTimeoutMs: phase.failTimeoutMs,
      now: () => now,
    });
    const dead = new Set(phase.dead);
    return phase.requests
      .map((r) => {
        now = r.t;
        const tried: number[] = [];
        let p = r.key === '' ? picker.pick(0) : picker.pickKey(r.key);
        while (p >= 0) {
          tried.push(p);
          if (!dead.has(p)) {
            picker.reportSuccess(p);
            break;
          }
          picker.reportFailure(p);
          p = picker.pickNext();
        }
        return tried.join(',');
      })
      .join(';');
  });
}

/** What a passive capture recorded, in the form `replayPassive` returns. */
export function recordedPassive(capture: PassiveCapture): string[] {
  return capture.phases.map((phase) => phase.requests.map((r) => r.tried.join(',')).join(';'));
}

/** Replays any capture into the `served` strings (or tried lists) it should equal. */
export function replay(capture: Capture): { expected: string[]; actual: string[] }[] {
  switch (capture.kind) {
    case 'keys': {
      const expected = capture.phases.map((p) => p.served);
      return [
        { expected, actual: replayKeys(capture, 'fresh') },
        { expected, actual: replayKeys(capture, 'update') },
      ];
    }
    case 'sequence':
      return [{ expected: capture.phases.map((p) => p.served), actual: replaySequence(capture) }];
    case 'connections':
      return [
        { expected: capture.phases.map((p) => p.served), actual: replayConnections(capture) },
      ];
    case 'passive':
      return [{ expected: recordedPassive(capture), actual: replayPassive(capture) }];
  }
}
