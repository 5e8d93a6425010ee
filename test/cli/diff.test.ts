/** `lbsim diff A.json B.json` on the built binary. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tcpScenario } from '../sim/scenarios.js';
import { lbsim } from './lbsim.js';

const dir = mkdtempSync(join(tmpdir(), 'lbsim-diff-'));

function report(name: string, weights: number[]): string {
  const scenario = join(dir, `${name}.scenario.json`);
  writeFileSync(scenario, JSON.stringify(tcpScenario(weights, { durationSec: 10 })));
  const out = join(dir, `${name}.json`);
  expect(lbsim('run', scenario, '--format', 'json', '--out', out).code).toBe(0);
  return out;
}

describe('lbsim diff', () => {
  const a = report('a', [10, 10]);
  const b = report('b', [10, 30, 10]);

  it('shows each target in both reports, with the change of share', () => {
    const r = lbsim('diff', a, b);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^pool +target +share A % +share B % +Δ pp/m);
    expect(r.stdout).toMatch(/^tcp-80 +ins-0:8080 +50\.00 +20\.\d\d +-\d+\.\d\d +50\.00 +20\.00/m);
    // A target only in B shows "-" on A's side.
    expect(r.stdout).toMatch(/^tcp-80 +ins-2:8080 +- +\d+\.\d\d +- +- +20\.00/m);
    expect(r.stdout).toMatch(/^maxDeviationPp \(pp\) /m);
  });

  it('gives the same as JSON', () => {
    const r = lbsim('diff', a, b, '--format', 'json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as {
      targets: { target: string; a: { share: number } | null; b: { share: number } | null }[];
      metrics: { metric: string; a: number; b: number }[];
    };
    expect(json.targets.map((t) => t.target)).toEqual(['ins-0:8080', 'ins-1:8080', 'ins-2:8080']);
    expect(json.targets[0]!.a!.share).toBe(0.5);
    expect(json.targets[2]!.a).toBeNull();
    expect(json.metrics.map((m) => m.metric)).toContain('unserved');
  });

  it('exits 2 on a file that is not a report, or unreadable', () => {
    const scenario = join(dir, 'a.scenario.json');
    const r = lbsim('diff', a, scenario);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `${scenario}: not an lbsim JSON report (no number "requests"); make one with lbsim run --format json\n`,
    );
    expect(lbsim('diff', a, join(dir, 'missing.json')).code).toBe(2);
    expect(lbsim('diff', a).code).toBe(2);
  });
});
