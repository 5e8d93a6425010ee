/**
 * `lbsim compare --seeds N`, `--pickers FILE` in `run` and `compare`, and Ctrl-C (SIGINT) stopping
 * a run with exit code 130.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tcpScenario } from '../sim/scenarios.js';

/** The built command (`npm test` builds before it tests), as the golden tests run it. */
const built = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'lbsim-seeds-'));

function lbsim(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [built, ...args], {
    encoding: 'utf8',
    cwd: dir,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const small = file(
  'small.json',
  JSON.stringify(
    tcpScenario([10, 20, 30], {
      durationSec: 20,
      events: [{ atSec: 10, op: 'unbind', listener: 'tcp-80', target: 'ins-1:8080' }],
    }),
  ),
);
// A picker module as bench --module takes it: a default export that returns { pick }. It says
// "picking" on stderr when the run builds it, so a test knows the run has started.
file(
  'rotate.mjs',
  `let said = false;
   export default function create(targets) {
     if (!said) { said = true; process.stderr.write('picking\\n'); }
     let next = 0;
     return { pick: () => next++ % targets.length };
   }\n`,
);
const mine = file(
  'mine.json',
  JSON.stringify(tcpScenario([10, 10, 0], { durationSec: 20 }, { algorithm: 'rotate' })),
);

describe('lbsim compare --seeds', () => {
  it('prints each metric as mean ± interval, and the same JSON for any --workers', () => {
    const table = lbsim('compare', small, '--seeds', '3', '--algorithms', 'wrr,maglev');
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^wrr +\d+\.\d\d ± \d+\.\d\d/m);
    expect(table.stdout).toContain('95% interval over 3 seeds (Student t');
    const json = ['compare', small, '--seeds', '3', '--algorithms', 'wrr,maglev', '-f', 'json'];
    const inProcess = lbsim(...json, '--workers', '0');
    const threads = lbsim(...json, '--workers', '2');
    expect(threads.stdout).toBe(inProcess.stdout);
    const parsed = JSON.parse(inProcess.stdout) as {
      seeds: string[];
      rows: { algorithm: string }[];
    };
    expect(parsed.seeds).toEqual(['test', 'test#2', 'test#3']);
    expect(parsed.rows.map((r) => r.algorithm)).toEqual(['wrr', 'maglev']);
  }, 120_000);

  it('refuses --seeds out of range and --workers without --seeds, one line each', () => {
    const one = lbsim('compare', small, '--seeds', '1');
    expect(one.code).toBe(2);
    expect(one.stderr).toBe('--seeds: must be an integer in 2..1000 (got 1)\n');
    const workers = lbsim('compare', small, '--workers', '2');
    expect(workers.code).toBe(2);
    expect(workers.stderr).toBe('--workers: only with --seeds N\n');
  });
});

describe('--pickers FILE', () => {
  it('runs a scenario naming the module’s picker, and says so when it is not given', () => {
    const r = lbsim('run', mine, '--pickers', 'rotate.mjs', '--format', 'json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { servers: { share: number }[] };
    // Round robin over all three targets, whatever their weights: a third each.
    expect(report.servers.map((s) => Math.round(s.share * 3))).toEqual([1, 1, 1]);
    const without = lbsim('run', mine);
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(
      /^listeners\[0\]\.algorithm: must be one of .*\(got "rotate"\)$/m,
    );
  });

  it('compares the module’s picker beside the built-ins, over seeds on worker threads too', () => {
    const once = lbsim('compare', mine, '--pickers', 'rotate.mjs', '--algorithms', 'wrr,rotate');
    expect(once.code).toBe(0);
    expect(once.stdout).toMatch(/^rotate /m);
    const seeds = lbsim(
      ...[
        'compare',
        mine,
        '--pickers',
        'rotate.mjs',
        '--seeds',
        '2',
        '--workers',
        '1',
        '-f',
        'json',
      ],
    );
    expect(seeds.code).toBe(0);
    const rows = (JSON.parse(seeds.stdout) as { rows: { algorithm: string }[] }).rows;
    expect(rows.at(-1)!.algorithm).toBe('rotate');
  }, 120_000);

  it('refuses a module that cannot be loaded or exports no picker', () => {
    const missing = lbsim('run', '--pickers', 'nope.mjs');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^--pickers: nope\.mjs: cannot load the module/);
    file('empty.mjs', 'export const version = 1;\n');
    const empty = lbsim('run', '--pickers', 'empty.mjs');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(
      /^--pickers: empty\.mjs: export "version" must be a picker factory/,
    );
  });
});

/** Starts the built command, sends SIGINT once the run has built its picker, and waits. */
function interrupt(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [built, ...args], { cwd: dir });
    let stderr = '';
    let sent = false;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (!sent && stderr.includes('picking\n')) sent = child.kill('SIGINT');
    });
    child.on('exit', (code) => {
      resolve({ code, stderr: stderr.replace('picking\n', '') });
    });
  });
}

describe('Ctrl-C', () => {
  // An hour at 100,000 requests a second: minutes of work, stopped at its first chunk.
  const long = file(
    'long.json',
    JSON.stringify(
      tcpScenario(
        [10, 10],
        {
          durationSec: 3600,
          traffic: { ratePerSec: 100_000, clients: 2000, popularity: 'uniform', connectionMs: 200 },
          options: { maxRequests: 1e12, maxMemoryMb: 1e5 },
        },
        { algorithm: 'rotate' },
      ),
    ),
  );

  it.each([
    ['run', ['run', long, '--pickers', 'rotate.mjs']],
    ['compare', ['compare', long, '--pickers', 'rotate.mjs', '--algorithms', 'rotate']],
    [
      'compare --seeds on worker threads',
      ['compare', long, '--pickers', 'rotate.mjs', '--algorithms', 'rotate', '--seeds', '2'],
    ],
  ])(
    'stops %s with exit code 130 and one line',
    async (_name, args) => {
      const r = await interrupt(args);
      expect(r.stderr).toBe('lbsim: interrupted, run stopped\n');
      expect(r.code).toBe(130);
    },
    60_000,
  );
});
