/** Warnings on the command line: listed on stderr by validate and run, errors with --strict. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tcpScenario } from '../sim/scenarios.js';

const main = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'lbsim-warn-'));

function lbsim(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', main, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A scenario whose second target has weight 0 from the start. */
const scenario = join(dir, 'drained.json');
writeFileSync(scenario, JSON.stringify(tcpScenario([10, 0], { durationSec: 5 })));
const WARNING = 'listeners[0].targets[1].weight: warning: is 0 from the start';

describe('lbsim warnings', () => {
  it('validate and run list them on stderr and exit 0', () => {
    const v = lbsim('validate', scenario);
    expect(v.code).toBe(0);
    expect(v.stderr).toContain(WARNING);
    expect(v.stdout).toContain('valid');
    const r = lbsim('run', scenario, '--format', 'json');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(WARNING);
    expect(JSON.parse(r.stdout)).toHaveProperty('requests');
  });

  it('--strict makes them errors: exit 2, one line per warning starting with its path', () => {
    for (const command of ['validate', 'run']) {
      const r = lbsim(command, scenario, '--strict');
      expect(r.code, command).toBe(2);
      expect(r.stderr).toMatch(/^listeners\[0\]\.targets\[1\]\.weight: is 0 from the start/m);
      expect(r.stdout).toBe('');
    }
  });
});
