/**
 * Plays a scenario on a real HAProxy: its own process (`haproxy -f <cfg> -db`, one thread, no
 * health checks) listening on 127.0.0.1 only, a stats socket in a temporary directory for the
 * runtime API, Node HTTP backends on 127.0.0.1 answering with their server name, and clients bound
 * to loopback source addresses 127.a.b.c. Returns the index (in the server list in force) of the
 * server that took each request, in order. Every process and socket it starts it also stops.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Scenario, ServerSpec } from './scenarios.js';

const LOOP_LIMIT = 400;

/** `undefined` when a usable `haproxy` binary is on the PATH, else why not. */
export function haproxyMissing(): string | undefined {
  const probe = spawnSync('haproxy', ['-v'], { encoding: 'utf8' });
  if (probe.error === undefined && probe.status === 0) return undefined;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && spawnSync('apt-get', ['--version']).status === 0) {
    spawnSync('apt-get', ['update', '-q'], { stdio: 'ignore', timeout: 240_000 });
    spawnSync('apt-get', ['install', '-y', '-q', 'haproxy'], {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      timeout: 240_000,
    });
    const again = spawnSync('haproxy', ['-v'], { encoding: 'utf8' });
    if (again.error === undefined && again.status === 0) return undefined;
  }
  return 'haproxy is not installed and could not be installed (apt-get install haproxy, as root)';
}

/** The first line of `haproxy -v`. */
export function haproxyVersion(): string {
  const probe = spawnSync('haproxy', ['-v'], { encoding: 'utf8' });
  return typeof probe.stdout === 'string' ? (probe.stdout.split('\n')[0] ?? '') : 'no HAProxy';
}

interface Backend {
  readonly name: string;
  readonly server: http.Server;
  port: number;
}

/** Held requests (leastconn) by request id, and waiters for their arrival. */
class Holds {
  readonly held = new Map<number, { name: string; res: http.ServerResponse }>();
  private readonly waiters = new Map<number, (name: string) => void>();

  arrived(id: number, name: string, res: http.ServerResponse): void {
    this.held.set(id, { name, res });
    const w = this.waiters.get(id);
    if (w) {
      this.waiters.delete(id);
      w(name);
    }
  }

  wait(id: number): Promise<string> {
    const h = this.held.get(id);
    if (h) return Promise.resolve(h.name);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        reject(new Error(`request ${id} never reached a backend`));
      }, 10_000);
      this.waiters.set(id, (name) => {
        clearTimeout(timer);
        resolve(name);
      });
    });
  }

  release(id: number): void {
    const h = this.held.get(id);
    if (!h) throw new Error(`request ${id} is not held`);
    this.held.delete(id);
    h.res.end(h.name);
  }

  releaseAll(): void {
    for (const id of [...this.held.keys()]) this.release(id);
  }
}

async function startBackend(name: string, holds: Holds, hold: boolean): Promise<Backend> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = Number(req.headers['x-req']);
      if (hold && Number.isInteger(id)) holds.arrived(id, name, res);
      else res.end(name);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address() as net.AddressInfo;
  return { name, server, port: addr.port };
}

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) =>
    srv.close(() => {
      resolve();
    }),
  );
  return port;
}

function hashTypeLine(sc: Scenario): string {
  if (sc.dialect !== 'haproxy-hash' && sc.dialect !== 'haproxy-hash-consistent') return '';
  const kind = sc.dialect === 'haproxy-hash' ? 'map-based' : 'consistent';
  if (sc.hashFunction === undefined) return `    hash-type ${kind}\n`;
  return `    hash-type ${kind} ${sc.hashFunction}${sc.avalanche === true ? ' avalanche' : ''}\n`;
}

function config(
  sc: Scenario,
  servers: readonly ServerSpec[],
  backends: ReadonlyMap<string, Backend>,
  port: number,
  socket: string,
): string {
  const lines = servers
    .map(
      (s) =>
        `    server ${s.name} 127.0.0.1:${backends.get(s.name)!.port} weight ${s.weight}` +
        (s.id !== undefined ? ` id ${s.id}\n` : '\n'),
    )
    .join('');
  return (
    'global\n' +
    '    nbthread 1\n' +
    `    stats socket ${socket} mode 600 level admin\n` +
    'defaults\n' +
    '    mode http\n' +
    '    timeout connect 5s\n' +
    '    timeout client 60s\n' +
    '    timeout server 60s\n' +
    'frontend fe\n' +
    `    bind 127.0.0.1:${port}\n` +
    '    default_backend be\n' +
    'backend be\n' +
    `    balance ${sc.balance}\n` +
    hashTypeLine(sc) +
    lines
  );
}

/** One HAProxy process. */
class Haproxy {
  private child: ChildProcess | undefined;
  private stderr = '';

  constructor(
    private readonly dir: string,
    public port: number,
  ) {}

  get socket(): string {
    return join(this.dir, 'admin.sock');
  }

  /**
   * Starts HAProxy with the configuration `cfg(port)` gives. The frontend port is chosen free
   * just before; if something else takes it meanwhile, it tries again on another port.
   */
  async start(cfg: (port: number) => string): Promise<void> {
    let lastError = '';
    for (let attempt = 0; attempt < 3; attempt++) {
      if (attempt > 0) this.port = await freePort();
      if (await this.startOnce(cfg(this.port))) return;
      lastError = this.stderr;
    }
    throw new Error(`haproxy did not start: ${lastError}`);
  }

  private async startOnce(cfg: string): Promise<boolean> {
    const file = join(this.dir, 'haproxy.cfg');
    writeFileSync(file, cfg);
    this.stderr = '';
    const child = spawn('haproxy', ['-f', file, '-db'], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    for (let i = 0; i < LOOP_LIMIT; i++) {
      if (child.exitCode !== null) {
        this.child = undefined;
        return false;
      }
      if ((await canConnect(this.port)) && (await canConnectPath(this.socket))) return true;
      await sleep(25);
    }
    await this.stop();
    return false;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise<void>((resolve) =>
      child.once('exit', () => {
        resolve();
      }),
    );
    process.kill(child.pid, 'SIGTERM');
    const timer = setTimeout(() => {
      if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    }, 5000);
    await exited;
    clearTimeout(timer);
  }

  /** Sends one runtime API command; throws on any answer but an empty one. */
  async command(cmd: string): Promise<string> {
    const answer = await new Promise<string>((resolve, reject) => {
      let out = '';
      const c = net.connect(this.socket, () => c.write(`${cmd}\n`));
      c.on('data', (d) => (out += d.toString()));
      c.on('end', () => {
        resolve(out);
      });
      c.on('error', reject);
    });
    return answer;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1');
    c.on('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.on('error', () => {
      resolve(false);
    });
  });
}

function canConnectPath(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(path);
    c.on('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.on('error', () => {
      resolve(false);
    });
  });
}

/** One HTTP request through HAProxy; resolves with the answering server's name. */
function request(
  port: number,
  opts: { source?: string; key?: string; id?: number },
): Promise<string> {
  const headers: Record<string, string> = { connection: 'close' };
  if (opts.key !== undefined && opts.key !== '') headers['x-key'] = opts.key;
  if (opts.id !== undefined) headers['x-req'] = String(opts.id);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/',
        agent: false,
        headers,
        ...(opts.source !== undefined ? { localAddress: opts.source } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => {
          if (res.statusCode === 200) resolve(body);
          else reject(new Error(`HTTP ${String(res.statusCode)}: ${body}`));
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Current sessions per server name, from `show stat`. */
async function currentSessions(hp: Haproxy): Promise<Map<string, number>> {
  const csv = await hp.command('show stat');
  const out = new Map<string, number>();
  for (const line of csv.split('\n')) {
    const f = line.split(',');
    if (f[0] === 'be' && f[1] !== 'BACKEND' && f[1] !== undefined) out.set(f[1], Number(f[4]));
  }
  return out;
}

/** Plays `sc` on a real HAProxy; returns the server index of every request, in order. */
export async function runLive(sc: Scenario): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'lbsim-haproxy-'));
  const holds = new Holds();
  const hold = sc.dialect === 'haproxy-leastconn';
  const names = new Set(sc.servers.map((s) => s.name));
  for (const st of sc.steps) if (st.kind === 'reload') st.servers.forEach((s) => names.add(s.name));
  const backends = new Map<string, Backend>();
  const hp = new Haproxy(dir, await freePort());
  const picks: number[] = [];
  try {
    for (const name of names) backends.set(name, await startBackend(name, holds, hold));
    let servers = sc.servers;
    await hp.start((port) => config(sc, servers, backends, port, hp.socket));
    const indexOf = (name: string): number => servers.findIndex((s) => s.name === name);
    const opened = new Map<number, string>();
    const pending = new Map<number, Promise<string>>();
    let nextId = 0;
    for (const st of sc.steps) {
      if (st.kind === 'requests') {
        if (st.keys === undefined) {
          for (let i = 0; i < (st.count ?? 0); i++) picks.push(indexOf(await request(hp.port, {})));
        } else {
          const keys = st.keys;
          const results = new Array<number>(keys.length);
          let next = 0;
          const worker = async (): Promise<void> => {
            while (next < keys.length) {
              const i = next++;
              const key = keys[i]!;
              const name =
                sc.balance === 'source'
                  ? await request(hp.port, { source: key })
                  : await request(hp.port, { key });
              results[i] = indexOf(name);
            }
          };
          // A missing key falls back to round robin: then order matters, so one request at a time.
          const workers = keys.includes('') ? 1 : 8;
          await Promise.all(Array.from({ length: workers }, worker));
          picks.push(...results);
        }
      } else if (st.kind === 'runtime') {
        for (const cmd of st.commands) {
          const answer = await hp.command(cmd);
          if (answer.trim() !== '') throw new Error(`runtime API "${cmd}": ${answer.trim()}`);
        }
        servers = servers.map((s, i) => ({ ...s, weight: st.weights[i]! }));
      } else if (st.kind === 'reload') {
        holds.releaseAll();
        await hp.stop();
        servers = st.servers;
        await hp.start((port) => config(sc, servers, backends, port, hp.socket));
      } else {
        for (const op of st.ops) {
          if (op === 'o') {
            const id = nextId++;
            const done = request(hp.port, { id });
            done.catch(() => undefined);
            pending.set(id, done);
            const name = await holds.wait(id);
            opened.set(id, name);
            picks.push(indexOf(name));
          } else {
            const name = opened.get(op);
            if (name === undefined) throw new Error(`close of unknown request ${op}`);
            opened.delete(op);
            holds.release(op);
            await pending.get(op);
            // Wait until HAProxy has counted the request out of its server.
            const expected = [...opened.values()].filter((n) => n === name).length;
            let ok = false;
            for (let i = 0; i < LOOP_LIMIT && !ok; i++) {
              ok = (await currentSessions(hp)).get(name) === expected;
              if (!ok) await sleep(5);
            }
            if (!ok) throw new Error(`server ${name} never reached ${expected} sessions`);
          }
        }
      }
    }
    return picks;
  } finally {
    holds.releaseAll();
    await hp.stop();
    for (const b of backends.values()) {
      b.server.closeAllConnections();
      await new Promise<void>((resolve) =>
        b.server.close(() => {
          resolve();
        }),
      );
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
