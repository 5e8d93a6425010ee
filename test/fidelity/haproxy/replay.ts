/**
 * Plays a scenario on the lbsim HAProxy dialects and compares it with what the real HAProxy did
 * (live, or from a capture): the server index of every request, in order.
 */
import type {
  DialectPicker,
  DialectTarget,
} from '../../../src/balancer/dialects/dialect-picker.js';
import { HaproxyHashConsistentPicker } from '../../../src/balancer/dialects/haproxy-hash-consistent.js';
import { HaproxyHashPicker } from '../../../src/balancer/dialects/haproxy-hash.js';
import { HaproxyLeastConnPicker } from '../../../src/balancer/dialects/haproxy-leastconn.js';
import { HaproxyRoundRobinPicker } from '../../../src/balancer/dialects/haproxy-roundrobin.js';
import { crc32 } from '../../../src/hash/crc32.js';
import type { Scenario, ServerSpec } from './scenarios.js';

/**
 * A capture: which scenario (by name, with a fingerprint of its steps so that a changed scenario
 * is noticed), the HAProxy that played it, and the server index of every request, one digit each.
 */
export interface Capture {
  readonly haproxy: string;
  readonly scenario: string;
  readonly fingerprint: string;
  readonly observed: string;
}

/** The fingerprint of a scenario: CRC-32 of its JSON, in hex. */
export function fingerprint(sc: Scenario): string {
  return crc32(JSON.stringify(sc)).toString(16).padStart(8, '0');
}

/** Observed server indices as a digit string (scenarios have at most 10 servers). */
export function encodeObserved(observed: readonly number[]): string {
  return observed.map((i) => (i >= 0 && i <= 9 ? String(i) : 'x')).join('');
}

/** The server indices of a digit string (`x`: no server). */
export function decodeObserved(text: string): number[] {
  return Array.from({ length: text.length }, (_, i) => (text[i] === 'x' ? -1 : Number(text[i])));
}

/** The outcome of a replay. */
export interface ReplayResult {
  readonly expected: number[];
  readonly matched: number;
  /** The first few differences: request number, HAProxy's server index, lbsim's. */
  readonly mismatches: { request: number; haproxy: number; lbsim: number }[];
}

/** Server ids as `host:port`: a fixed port per server name, so ids follow names across reloads. */
function targetsOf(servers: readonly ServerSpec[]): DialectTarget[] {
  return servers.map((s) => ({
    id: `127.0.0.1:${10000 + Number(s.name.slice(1))}`,
    weight: s.weight,
    ...(s.id !== undefined ? { serverId: s.id } : {}),
  }));
}

function pickerFor(sc: Scenario): DialectPicker {
  const targets = targetsOf(sc.servers);
  const options = {
    ...(sc.hashFunction !== undefined ? { hashFunction: sc.hashFunction } : {}),
    ...(sc.avalanche !== undefined ? { avalanche: sc.avalanche } : {}),
  };
  switch (sc.dialect) {
    case 'haproxy-roundrobin':
      return new HaproxyRoundRobinPicker(targets);
    case 'haproxy-hash':
      return new HaproxyHashPicker(targets, options);
    case 'haproxy-hash-consistent':
      return new HaproxyHashConsistentPicker(targets, options);
    case 'haproxy-leastconn':
      return new HaproxyLeastConnPicker(targets);
  }
}

/** Plays `sc` on the dialect; returns its picks and how they compare with `observed`. */
export function replay(sc: Scenario, observed: readonly number[]): ReplayResult {
  const picker = pickerFor(sc);
  let servers = sc.servers;
  const expected: number[] = [];
  const openedOn = new Map<number, string>();
  let nextId = 0;
  for (const st of sc.steps) {
    if (st.kind === 'requests') {
      if (st.keys === undefined)
        for (let i = 0; i < (st.count ?? 0); i++) expected.push(picker.pick(0));
      else for (const key of st.keys) expected.push(picker.pickKey(key));
    } else if (st.kind === 'runtime') {
      servers = servers.map((s, i) => ({ ...s, weight: st.weights[i]! }));
      picker.update(targetsOf(servers));
    } else if (st.kind === 'reload') {
      servers = st.servers;
      picker.update(targetsOf(servers));
    } else {
      for (const op of st.ops) {
        if (op === 'o') {
          const p = picker.pick(0);
          expected.push(p);
          openedOn.set(nextId++, servers[p]?.name ?? '?');
          picker.connectionOpened(p);
        } else {
          const name = openedOn.get(op);
          openedOn.delete(op);
          picker.connectionClosed(servers.findIndex((s) => s.name === name));
        }
      }
    }
  }
  const mismatches: ReplayResult['mismatches'] = [];
  let matched = 0;
  for (let i = 0; i < Math.max(expected.length, observed.length); i++) {
    if (expected[i] === observed[i]) matched++;
    else if (mismatches.length < 10)
      mismatches.push({ request: i, haproxy: observed[i] ?? -2, lbsim: expected[i] ?? -2 });
  }
  return { expected, matched, mismatches };
}
