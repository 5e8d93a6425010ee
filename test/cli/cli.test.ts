import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tcpScenario } from '../sim/scenarios.js';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'lbsim-cli-'));

function lbsim(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', main, ...args], {
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('lbsim CLI', () => {
  it('runs the default scenario and prints the share table', () => {
    const r = lbsim('run');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/share/i);
    expect(r.stdout).toContain('tcp-80');
  });

  it('prints byte-identical JSON for the same scenario, to stdout or to --out', () => {
    const scenario = file('ok.json', JSON.stringify(tcpScenario([10, 20], { durationSec: 10 })));
    const a = lbsim('run', scenario, '--format', 'json');
    expect(a.code).toBe(0);
    const report = JSON.parse(a.stdout) as { servers: { target: string }[] };
    expect(report.servers.map((s) => s.target)).toEqual(['ins-0:8080', 'ins-1:8080']);
    const out = join(dir, 'report.json');
    expect(lbsim('run', scenario, '--format', 'json', '--out', out).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(a.stdout);
  });

  it('writes a self-contained HTML report', () => {
    const r = lbsim('run', '--format', 'html');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/<html/i);
    expect(r.stdout).not.toMatch(/<script[^>]+src=/i);
  });

  it('compares algorithms on the default scenario', () => {
    const r = lbsim('compare', '--algorithms', 'wrr,maglev,wlc');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^algorithm +max dev pp/m);
    expect(r.stdout).toMatch(/^maglev +\d/m);
    expect(r.stdout).toContain('wlc: not valid for this scenario');
    expect(lbsim('compare', '--algorithms', 'nope').code).toBe(2);
  });

  it('validates a scenario', () => {
    const ok = file('valid.json', JSON.stringify(tcpScenario([10])));
    expect(lbsim('validate', ok)).toMatchObject({ code: 0 });
  });

  it('exits 2 with one line per problem, each starting with its JSON path, and no stack trace', () => {
    const bad = tcpScenario([10, 101]);
    (bad['listeners'] as Record<string, unknown>[])[0]!['port'] = 70000;
    const r = lbsim('validate', file('bad.json', JSON.stringify(bad)));
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toContain(
      'listeners[0].targets[1].weight: must be an integer in 0..100 (got 101)',
    );
    expect(lines.some((l) => l.startsWith('listeners[0].port: '))).toBe(true);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(lbsim('run', file('bad2.json', JSON.stringify(bad))).code).toBe(2);
  });

  it('exits 2 for unreadable files, bad JSON and bad options', () => {
    expect(lbsim('run', join(dir, 'missing.json')).code).toBe(2);
    const r = lbsim('run', file('broken.json', '{ "seed": '));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(lbsim('run', '--format', 'xml').code).toBe(2);
    expect(lbsim('run', '--bogus').code).toBe(2);
  });

  it('refuses an absurd scenario and says how to raise the cap', () => {
    const huge = tcpScenario([10], { durationSec: 86_400, traffic: { ratePerSec: 1e6 } });
    const r = lbsim('run', file('huge.json', JSON.stringify(huge)));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/max-requests|maxRequests/);
  });
});
