/**
 * Real nginx on loopback, for the fidelity suite and the capture script: backends are Node HTTP
 * servers on 127.0.0.1 that answer with their own port (optionally holding each response until
 * released), nginx runs as one foreground process (`master_process off`) with a generated config
 * in a temporary prefix, listening on 127.0.0.1 only, and clients bind distinct 127.x.y.z source
 * addresses. Every process started here is stopped by its PID; every wait is bounded.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NGINX_CANDIDATES = ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'];

/** Path of the nginx binary, or undefined when it is not installed. */
export function findNginx(): string | undefined {
  return NGINX_CANDIDATES.find((p) => existsSync(p));
}

/**
 * Finds nginx, installing Debian's `nginx-light` once when missing and allowed (root with
 * apt-get). Returns the binary path, or a reason it is unavailable.
 */
export function ensureNginx(): { path: string } | { reason: string } {
  const found = findNginx();
  if (found !== undefined) return { path: found };
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    return {
      reason: 'nginx is not installed and cannot be installed here (needs root and apt-get)',
    };
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // A fresh machine has no package lists yet.
  spawnSync('apt-get', ['update', '-q'], { env, timeout: 240_000, stdio: 'ignore' });
  const install = spawnSync('apt-get', ['install', '-y', 'nginx-light'], {
    env,
    timeout: 240_000,
    stdio: 'ignore',
  });
  const after = findNginx();
  if (after !== undefined) return { path: after };
  return { reason: `apt-get install nginx-light failed (status ${String(install.status)})` };
}

/** The nginx version string (`1.22.1`). */
export function nginxVersion(path: string): string {
  const out = spawnSync(path, ['-v'], { encoding: 'utf8', timeout: 10_000 });
  const match = /nginx\/(\S+)/.exec(`${out.stderr}${out.stdout}`);
  return match?.[1] ?? 'unknown';
}

/** One request held by a backend until released. */
export interface HeldRequest {
  readonly backend: number;
  release(): void;
}

/** A set of backends; `index` of a backend is its position in `ports`. */
export interface Backends {
  readonly ports: readonly number[];
  /** Requests currently held (hold mode), oldest first. */
  readonly held: HeldRequest[];
  /** Resolves when a new request has been held (hold mode); bounded by `timeoutMs`. */
  nextHeld(timeoutMs: number): Promise<HeldRequest>;
  close(): Promise<void>;
}

/** Starts `count` backends answering with their port; with `hold`, responses wait for release. */
export async function startBackends(count: number, hold = false): Promise<Backends> {
  const servers: http.Server[] = [];
  const ports: number[] = [];
  const held: HeldRequest[] = [];
  let waiter: ((h: HeldRequest) => void) | undefined;
  for (let b = 0; b < count; b++) {
    const server = http.createServer((req, res) => {
      req.resume();
      const port = (server.address() as net.AddressInfo).port;
      let answered = false;
      const answer = (): void => {
        if (answered) return;
        answered = true;
        const at = held.indexOf(h);
        if (at !== -1) held.splice(at, 1);
        res.writeHead(200, { 'content-type': 'text/plain', connection: 'close' });
        res.end(String(port));
      };
      const h: HeldRequest = { backend: b, release: answer };
      if (!hold) {
        answer();
        return;
      }
      held.push(h);
      const w = waiter;
      waiter = undefined;
      w?.(h);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    ports.push((server.address() as net.AddressInfo).port);
  }
  return {
    ports,
    held,
    nextHeld: (timeoutMs) =>
      new Promise<HeldRequest>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiter = undefined;
          reject(new Error(`no request reached a backend within ${timeoutMs} ms`));
        }, timeoutMs);
        waiter = (h) => {
          clearTimeout(timer);
          resolve(h);
        };
      }),
    close: async () => {
      for (const h of [...held]) h.release();
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.closeAllConnections();
              s.close(() => {
                resolve();
              });
            }),
        ),
      );
    },
  };
}

/** A loopback port nothing listens on (bound, then closed): connections to it are refused. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  return port;
}

/** A running nginx. */
export interface Nginx {
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

/**
 * Starts nginx with `upstream u { <upstreamBody> }` and a proxy on 127.0.0.1 that reports the
 * peers it tried in `X-Upstream`. `locationExtra` adds directives to the proxying location.
 */
export async function startNginx(
  binary: string,
  upstreamBody: string,
  locationExtra = '',
): Promise<Nginx> {
  const prefix = mkdtempSync(join(tmpdir(), 'lbsim-nginx-'));
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi', 'logs']) {
    mkdirSync(join(prefix, d), { recursive: true });
  }
  const port = await freePort();
  const conf = `
daemon off;
master_process off;
worker_processes 1;
error_log ${prefix}/logs/error.log warn;
pid ${prefix}/nginx.pid;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  upstream u {
${upstreamBody}
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://u;
      proxy_connect_timeout 2s;
      add_header X-Upstream $upstream_addr always;
${locationExtra}
    }
  }
}
`;
  const confPath = join(prefix, 'nginx.conf');
  writeFileSync(confPath, conf);
  const child = spawn(binary, ['-p', prefix, '-c', confPath], { stdio: 'ignore' });
  running.add(child);
  const pid = child.pid;
  if (pid === undefined) throw new Error('nginx did not start');
  const state = { exited: false };
  child.once('exit', () => {
    state.exited = true;
    running.delete(child);
  });
  const exited = (): boolean => state.exited;
  const stop = async (): Promise<void> => {
    if (!exited()) {
      process.kill(pid, 'SIGTERM');
      const deadline = Date.now() + 5000;
      while (!exited() && Date.now() < deadline) await sleep(20);
      if (!exited()) process.kill(pid, 'SIGKILL');
    }
    rmSync(prefix, { recursive: true, force: true });
  };
  // Ready when it accepts connections (at most 5 s).
  const deadline = Date.now() + 5000;
  for (;;) {
    if (state.exited) {
      const log = existsSync(join(prefix, 'logs/error.log'))
        ? readFileSync(join(prefix, 'logs/error.log'), 'utf8')
        : '';
      rmSync(prefix, { recursive: true, force: true });
      throw new Error(`nginx exited at start: ${log}`);
    }
    if (await canConnect(port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error('nginx did not accept connections within 5 s');
    }
    await sleep(20);
  }
  return { port, pid, stop };
}

/** Stops every nginx this module started and has not stopped (for afterAll). */
export function stopAllNginx(): void {
  for (const child of running) {
    if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
  }
  running.clear();
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

/** Waits `ms` (the harness's own pacing; never in the library). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** What one request through nginx came back with. */
export interface Answer {
  readonly status: number;
  /** Ports of the peers nginx tried, in order (`$upstream_addr`). */
  readonly tried: readonly number[];
}

/** One GET through nginx from source address `from`, bounded by `timeoutMs`. */
export function request(
  port: number,
  path: string,
  from = '127.0.0.1',
  timeoutMs = 10_000,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        localAddress: from,
        agent: false,
        headers: { connection: 'close' },
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.once('end', () => {
          const header = res.headers['x-upstream'];
          const text = Array.isArray(header) ? header.join(', ') : (header ?? '');
          const tried = text
            .split(/[,:]\s*/)
            .map((s) => s.trim())
            .filter((s) => /^\d+$/.test(s))
            .map(Number);
          resolve({ status: res.statusCode ?? 0, tried });
        });
      },
    );
    req.once('timeout', () => req.destroy(new Error(`request ${path} timed out`)));
    req.once('error', reject);
    req.end();
  });
}

/** Runs `tasks` with at most `concurrency` at a time, results in order. */
export async function runLimited<T>(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}
