import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tcpScenario } from '../sim/scenarios.js';
import { lbsim } from './lbsim.js';

const dir = mkdtempSync(join(tmpdir(), 'lbsim-cli-'));

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

  it('accepts a scenario file that starts with a UTF-8 byte-order mark', () => {
    const text = JSON.stringify(tcpScenario([10], { durationSec: 10 }));
    const bom = join(dir, 'bom.json');
    writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(lbsim('validate', bom).code).toBe(0);
    expect(lbsim('run', bom, '--format', 'json').code).toBe(0);
  });

  it('refuses --out naming the scenario file, before running, and leaves the file untouched', () => {
    const text = JSON.stringify(tcpScenario([10], { durationSec: 10 }));
    const scenario = file('keep.json', text);
    for (const command of ['run', 'compare']) {
      const r = lbsim(command, scenario, '--format', 'json', '--out', scenario);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^--out: .* is the scenario file/);
      expect(readFileSync(scenario, 'utf8')).toBe(text);
    }
  });

  it('writes the comparison to compare --out', () => {
    const scenario = file('cmp.json', JSON.stringify(tcpScenario([10, 20], { durationSec: 10 })));
    const printed = lbsim('compare', scenario, '--algorithms', 'wrr,maglev', '--format', 'json');
    expect(printed.code).toBe(0);
    const out = join(dir, 'comparison.json');
    const r = lbsim(
      'compare',
      scenario,
      '--algorithms',
      'wrr,maglev',
      '--format',
      'json',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(printed.stdout);
  });

  it('--max-events caps the timed events, for run, compare and validate', () => {
    const events = [
      { atSec: 2, op: 'setWeight', listener: 'tcp-80', target: 'ins-0:8080', weight: 0 },
      { atSec: 4, op: 'setWeight', listener: 'tcp-80', target: 'ins-0:8080', weight: 10 },
    ];
    const scenario = file(
      'events.json',
      JSON.stringify(tcpScenario([10, 10], { durationSec: 10, events })),
    );
    for (const command of ['run', 'compare', 'validate']) {
      const r = lbsim(command, scenario, '--max-events', '1');
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^events: .*(max-events|maxEvents)/);
    }
    expect(lbsim('validate', scenario, '--max-events', '2').code).toBe(0);
    expect(lbsim('run', scenario, '--max-events', '0').stderr).toMatch(/^--max-events: /);
  });

  it('--max-memory-mb caps the estimated memory', () => {
    const r = lbsim('run', '--max-memory-mb', '1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/maxMemoryMb/);
    expect(lbsim('run', '--max-memory-mb', 'lots').stderr.trim()).toBe(
      '--max-memory-mb: must be a number > 0 and <= 1e15 (got "lots")',
    );
  });

  it('refuses an unusable --window with exit 2 and one line', () => {
    const r = lbsim('run', '--window', '1e308');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^--window: /);
  });

  it('lists the caps and --out in lbsim run --help', () => {
    const r = lbsim('run', '--help');
    expect(r.code).toBe(0);
    for (const flag of ['--max-memory-mb', '--max-events', '--out'])
      expect(r.stdout).toContain(flag);
  });
});
