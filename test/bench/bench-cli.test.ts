import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'lbsim-bench-'));

function lbsim(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', main, 'bench', ...args], {
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('lbsim bench', () => {
  it('benchmarks a user’s picker module beside the built-ins, as JSON', () => {
    const module = join(dir, 'my-picker.mjs');
    writeFileSync(
      module,
      `export default function create(targets) {
         let next = 0;
         return { pick: () => next++ % targets.length };
       }\n`,
    );
    const r = lbsim(
      '--module',
      module,
      '--algorithms',
      'wrr',
      '--targets',
      '10',
      '--time',
      '5',
      '--format',
      'json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      node: string;
      cpu: string;
      rows: {
        algorithm: string;
        targets: number;
        nsPerPick: number;
        floorRatio: number;
        shareError: number;
      }[];
    };
    expect(out.node).toBe(process.version);
    expect(out.rows.map((row) => row.algorithm)).toEqual(['floor', 'wrr', 'my-picker']);
    const mine = out.rows[2]!;
    expect(mine.targets).toBe(10);
    expect(mine.nsPerPick).toBeGreaterThan(0);
    expect(mine.floorRatio).toBeGreaterThan(0);
    // Plain round robin ignores the weights (1..100): its shares are off.
    expect(mine.shareError).toBeGreaterThan(0.01);
  });

  it('prints a table with the machine in its heading', () => {
    const r = lbsim('--algorithms', 'maglev', '--targets', '10', '--time', '5');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^lbsim bench: Node v\d+\.\d+\.\d+, .+, 5 ms per case\n/);
    expect(r.stdout).toMatch(/\nmaglev +10 /);
  });

  it('exits 2 with one line for bad arguments', () => {
    for (const [args, message] of [
      [['--algorithms', 'nope'], /^--algorithms: must be a comma-separated list of wrr,/],
      [
        ['--targets', '0'],
        /^--targets: must be a comma-separated list of integers in 1\.\.10000 \(got 0\)/,
      ],
      [['--module', join(dir, 'missing.mjs')], /^--module: cannot load .*missing\.mjs/],
      [['--format', 'html'], /^--format: must be table or json \(got html\)/],
    ] as const) {
      const r = lbsim(...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
  });
});
