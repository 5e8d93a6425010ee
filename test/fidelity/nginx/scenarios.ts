/**
 * The scenarios run against real nginx, each producing a capture (see replay.ts). Shared by the
 * live fidelity suite and capture.ts. Everything is on loopback; all loops are bounded.
 */
import type { NginxTarget } from '../../../src/balancer/dialects/nginx-upstream.js';
import {
  freePort,
  request,
  runLimited,
  sleep,
  startBackends,
  startNginx,
  type Backends,
} from './harness.js';
import type {
  ConnectionsCapture,
  KeysCapture,
  NginxDialect,
  PassiveCapture,
  SequenceCapture,
} from './replay.js';

/** A `server` line: backend number, weight, down. */
interface Server {
  readonly b: number;
  readonly w: number;
  readonly down?: boolean;
}

interface PhaseSpec {
  readonly name: string;
  readonly servers: readonly Server[];
}

/** The configurations every key and sequence scenario goes through, in order. */
export const PHASES: readonly PhaseSpec[] = [
  {
    name: 'weights 5,3,1,1',
    servers: [
      { b: 0, w: 5 },
      { b: 1, w: 3 },
      { b: 2, w: 1 },
      { b: 3, w: 1 },
    ],
  },
  {
    name: 'second server down',
    servers: [
      { b: 0, w: 5 },
      { b: 1, w: 3, down: true },
      { b: 2, w: 1 },
      { b: 3, w: 1 },
    ],
  },
  {
    name: 'second server removed',
    servers: [
      { b: 0, w: 5 },
      { b: 2, w: 1 },
      { b: 3, w: 1 },
    ],
  },
  {
    name: 'third server reweighted 1 -> 4',
    servers: [
      { b: 0, w: 5 },
      { b: 1, w: 3 },
      { b: 2, w: 4 },
      { b: 3, w: 1 },
    ],
  },
  {
    name: 'equal weights',
    servers: [
      { b: 0, w: 1 },
      { b: 1, w: 1 },
      { b: 2, w: 1 },
    ],
  },
];

const METHOD: Record<NginxDialect, string> = {
  'nginx-round-robin': '',
  'nginx-ip-hash': 'ip_hash;',
  'nginx-hash': 'hash $arg_k;',
  'nginx-hash-consistent': 'hash $arg_k consistent;',
  'nginx-least-conn': 'least_conn;',
};

function targetsOf(servers: readonly Server[], ports: readonly number[]): NginxTarget[] {
  return servers.map((s) => ({
    id: `127.0.0.1:${ports[s.b]!}`,
    weight: s.w,
    ...(s.down === true ? { down: true } : {}),
  }));
}

function upstreamBody(
  algorithm: NginxDialect,
  targets: readonly NginxTarget[],
  extra = '',
): string {
  const lines = targets.map(
    (t) => `    server ${t.id} weight=${t.weight}${t.down === true ? ' down' : ''}${extra};`,
  );
  return [`    ${METHOD[algorithm]}`, ...lines].join('\n');
}

/** A small deterministic generator (xorshift32) for keys and scripts. */
function generator(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

/** `count` distinct client addresses 127.a.b.c spread over many /24s. */
export function clientAddresses(count: number, seed = 7): string[] {
  const next = generator(seed);
  const seen = new Set<string>();
  const out: string[] = [];
  for (let guard = 0; out.length < count && guard < count * 10; guard++) {
    const a = Math.floor(next() * 256);
    const b = Math.floor(next() * 256);
    const c = 1 + Math.floor(next() * 254);
    const addr = `127.${a}.${b}.${c}`;
    if (a === 0 && b === 0) continue;
    if (seen.has(addr)) continue;
    seen.add(addr);
    out.push(addr);
  }
  return out;
}

/** `count` distinct `$arg_k` values of a few shapes (URL-safe, so nginx sees them as written). */
export function hashKeys(count: number, seed = 11): string[] {
  const next = generator(seed);
  const shapes = [
    (n: number) => `user-${n}`,
    (n: number) => `/img/${n}.png`,
    (n: number) => `s${n.toString(36)}`,
    (n: number) => `${n}`,
  ];
  const out = new Set<string>();
  for (let guard = 0; out.size < count && guard < count * 10; guard++) {
    const n = Math.floor(next() * 1e9);
    out.add(shapes[out.size % shapes.length]!(n));
  }
  return [...out];
}

function index(targets: readonly NginxTarget[], port: number): number {
  return targets.findIndex((t) => t.id === `127.0.0.1:${port}`);
}

const code = (i: number): string => (i < 0 ? '-' : i.toString(36));

/** Sends every key to each configuration of `PHASES` (fresh nginx each) and records who served. */
export async function captureKeys(
  binary: string,
  version: string,
  algorithm: 'nginx-ip-hash' | 'nginx-hash' | 'nginx-hash-consistent',
  keys: readonly string[],
): Promise<KeysCapture> {
  const backends = await startBackends(4);
  try {
    const phases = [];
    for (const spec of PHASES) {
      const targets = targetsOf(spec.servers, backends.ports);
      const nginx = await startNginx(binary, upstreamBody(algorithm, targets));
      try {
        const answers = await runLimited(keys.length, 8, (i) =>
          algorithm === 'nginx-ip-hash'
            ? request(nginx.port, '/', keys[i] ?? '127.0.0.1')
            : request(nginx.port, `/?k=${keys[i] ?? ''}`),
        );
        const served = answers
          .map((a) => code(a.status === 200 ? index(targets, a.tried.at(-1)!) : -1))
          .join('');
        phases.push({ name: spec.name, targets, served });
      } finally {
        await nginx.stop();
      }
    }
    return { kind: 'keys', nginx: version, algorithm, keys, phases };
  } finally {
    await backends.close();
  }
}

/** Round robin: requests one after another against each configuration (fresh nginx each). */
export async function captureSequence(
  binary: string,
  version: string,
  counts: readonly number[] = [100, 60, 60, 60, 30],
): Promise<SequenceCapture> {
  const algorithm = 'nginx-round-robin';
  const backends = await startBackends(4);
  try {
    const phases = [];
    for (let k = 0; k < PHASES.length; k++) {
      const spec = PHASES[k]!;
      const targets = targetsOf(spec.servers, backends.ports);
      const nginx = await startNginx(binary, upstreamBody(algorithm, targets));
      try {
        let served = '';
        const requests = counts[k] ?? 30;
        for (let i = 0; i < requests; i++) {
          const a = await request(nginx.port, '/');
          served += code(a.status === 200 ? index(targets, a.tried.at(-1)!) : -1);
        }
        phases.push({ name: spec.name, targets, served, requests });
      } finally {
        await nginx.stop();
      }
    }
    return { kind: 'sequence', nginx: version, algorithm, phases };
  } finally {
    await backends.close();
  }
}

/** A script of opens (-1) and completions (index among the open ones), at most `maxOpen` open. */
export function connectionScript(length: number, maxOpen: number, seed: number): number[] {
  const next = generator(seed);
  const ops: number[] = [];
  let open = 0;
  for (let i = 0; i < length; i++) {
    if (open === 0 || (open < maxOpen && next() < 0.55)) {
      ops.push(-1);
      open++;
    } else {
      ops.push(Math.floor(next() * open));
      open--;
    }
  }
  return ops;
}

const LEAST_CONN_PHASES: readonly (PhaseSpec & { ops: number[] })[] = [
  { ...PHASES[0]!, ops: connectionScript(300, 14, 3) },
  { ...PHASES[1]!, ops: connectionScript(150, 10, 5) },
  { ...PHASES[4]!, ops: connectionScript(150, 8, 9) },
];

/** least_conn with backends that hold each response until the script completes it. */
export async function captureConnections(
  binary: string,
  version: string,
): Promise<ConnectionsCapture> {
  const algorithm = 'nginx-least-conn';
  const phases = [];
  for (const spec of LEAST_CONN_PHASES) {
    const backends: Backends = await startBackends(4, true);
    const targets = targetsOf(spec.servers, backends.ports);
    const nginx = await startNginx(
      binary,
      upstreamBody(algorithm, targets),
      'proxy_read_timeout 60s;',
    );
    try {
      const open: { backend: number; release: () => void; done: Promise<unknown> }[] = [];
      let served = '';
      for (const op of spec.ops) {
        if (op < 0) {
          const held = backends.nextHeld(5000);
          const done = request(nginx.port, '/', '127.0.0.1', 60_000);
          const h = await held;
          const i = index(targets, backends.ports[h.backend]!);
          served += code(i);
          open.push({
            backend: h.backend,
            release: () => {
              h.release();
            },
            done,
          });
        } else {
          const [c] = open.splice(op, 1);
          if (c === undefined) throw new Error('script closes a connection that is not open');
          c.release();
          await c.done;
        }
      }
      for (const c of open.splice(0)) {
        c.release();
        await c.done;
      }
      phases.push({ name: spec.name, targets, served, ops: spec.ops });
    } finally {
      await nginx.stop();
      await backends.close();
    }
  }
  return { kind: 'connections', nginx: version, algorithm, phases };
}

/** Waits until `ms` since the epoch (bounded by the caller's schedule). */
async function until(ms: number): Promise<void> {
  const wait = ms - Date.now();
  if (wait > 0) await sleep(wait);
}

/**
 * Passive checks: one backend's port refuses connections; requests are sent at fixed offsets
 * inside each second (never near a second boundary, as nginx counts whole seconds) and record
 * which peers nginx tried.
 */
export async function capturePassive(binary: string, version: string): Promise<PassiveCapture> {
  const specs = [
    {
      name: 'round robin 2,1,1 with a refusing second peer, max_fails=1 fail_timeout=2s',
      algorithm: 'nginx-round-robin' as const,
      weights: [2, 1, 1],
      dead: [1],
      maxFails: 1,
      failTimeout: 2,
      seconds: 8,
      keys: [''],
    },
    {
      name: 'hash 5,3,1,1 with a refusing first peer, max_fails=2 fail_timeout=3s',
      algorithm: 'nginx-hash' as const,
      weights: [5, 3, 1, 1],
      dead: [0],
      maxFails: 2,
      failTimeout: 3,
      seconds: 9,
      keys: hashKeys(7, 21),
    },
    {
      name: 'ip_hash 5,3,1,1 with a refusing second peer, max_fails=1 fail_timeout=2s',
      algorithm: 'nginx-ip-hash' as const,
      weights: [5, 3, 1, 1],
      dead: [1],
      maxFails: 1,
      failTimeout: 2,
      seconds: 6,
      keys: clientAddresses(9, 31),
    },
    {
      name: 'hash consistent 3,2,1 with a refusing first peer, max_fails=2 fail_timeout=2s',
      algorithm: 'nginx-hash-consistent' as const,
      weights: [3, 2, 1],
      dead: [0],
      maxFails: 2,
      failTimeout: 2,
      seconds: 6,
      keys: hashKeys(9, 41),
    },
    {
      name: 'least_conn 1,1,1 with a refusing third peer, max_fails=3 fail_timeout=2s',
      algorithm: 'nginx-least-conn' as const,
      weights: [1, 1, 1],
      dead: [2],
      maxFails: 3,
      failTimeout: 2,
      seconds: 7,
      keys: [''],
    },
  ];
  const phases: PassiveCapture['phases'][number][] = [];
  for (const spec of specs) {
    const backends = await startBackends(spec.weights.length);
    const ports = [...backends.ports];
    for (const d of spec.dead) ports[d] = await freePort();
    const targets: NginxTarget[] = spec.weights.map((w, i) => ({
      id: `127.0.0.1:${ports[i]!}`,
      weight: w,
    }));
    const nginx = await startNginx(
      binary,
      upstreamBody(
        spec.algorithm,
        targets,
        ` max_fails=${spec.maxFails} fail_timeout=${spec.failTimeout}s`,
      ),
    );
    try {
      const requests: { t: number; key: string; tried: number[]; status: number }[] = [];
      const start = Math.ceil(Date.now() / 1000) * 1000 + 1000;
      let k = 0;
      for (let s = 0; s < spec.seconds; s++) {
        for (const offset of [200, 400, 600, 800]) {
          const t = start + s * 1000 + offset;
          await until(t);
          const key = spec.keys[k++ % spec.keys.length]!;
          const a =
            spec.algorithm === 'nginx-ip-hash'
              ? await request(nginx.port, '/', key, 5000)
              : await request(nginx.port, key === '' ? '/' : `/?k=${key}`, '127.0.0.1', 5000);
          requests.push({
            t,
            key,
            status: a.status,
            tried: a.tried.map((port) => ports.indexOf(port)),
          });
        }
      }
      phases.push({
        name: spec.name,
        algorithm: spec.algorithm,
        targets,
        dead: spec.dead,
        maxFails: spec.maxFails,
        failTimeoutMs: spec.failTimeout * 1000,
        requests,
      });
    } finally {
      await nginx.stop();
      await backends.close();
    }
  }
  return { kind: 'passive', nginx: version, phases };
}
