/**
 * The command line as people expect it, on the built binary: per-command help, options that
 * belong to their command, lbsim's own words with "did you mean", standard input, output checked
 * before a run, JSON errors with line and column, colour switches and `lbsim init`.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tcpScenario } from '../sim/scenarios.js';
import { lbsim, lbsimWith } from './lbsim.js';

const dir = mkdtempSync(join(tmpdir(), 'lbsim-commands-'));
const small = JSON.stringify(tcpScenario([10, 20], { durationSec: 10 }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function oneLine(r: { stderr: string }): string {
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('help', () => {
  it.each(['run', 'validate', 'compare', 'diff', 'init', 'bench'])(
    'lbsim %s --help and lbsim help %s print the command\u2019s own options',
    (command) => {
      const a = lbsim(command, '--help');
      expect(a.code).toBe(0);
      expect(a.stdout).toMatch(new RegExp(`^lbsim ${command} \u2014 `));
      expect(a.stdout).toContain(`Usage:\n  lbsim ${command}`);
      expect(lbsim('help', command).stdout).toBe(a.stdout);
    },
  );

  it('lists only the options of that command', () => {
    const run = lbsim('run', '--help').stdout;
    expect(run).toContain('--fail-on LIST');
    expect(run).not.toContain('--algorithms');
    const compare = lbsim('compare', '--help').stdout;
    expect(compare).toContain('--algorithms');
    expect(compare).not.toContain('--fail-on');
  });

  it('lists every command in lbsim --help, and suggests one for a typo', () => {
    const r = lbsim('--help');
    for (const c of ['run', 'validate', 'compare', 'diff', 'init', 'bench', 'help']) {
      expect(r.stdout).toContain(`lbsim ${c}`);
    }
    const typo = lbsim('rnu');
    expect(typo.code).toBe(2);
    expect(oneLine(typo)).toMatch(/^lbsim: unknown command "rnu" \(did you mean "run"\?\)/);
    expect(oneLine(lbsim('help', 'compar'))).toMatch(/did you mean "compare"/);
  });
});

describe('options', () => {
  it('refuses an option of another command instead of ignoring it', () => {
    const r = lbsim('run', '--algorithms', 'maglev');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(oneLine(r)).toBe(
      'lbsim run: --algorithms is an option of lbsim compare and lbsim bench, not of lbsim run (see lbsim run --help)',
    );
    expect(lbsim('validate', '--format', 'json', 'x.json').code).toBe(2);
  });

  it('says in its own words what is wrong, with did you mean', () => {
    expect(oneLine(lbsim('compare', '--algoritms', 'wrr'))).toBe(
      'lbsim compare: unknown option --algoritms (did you mean --algorithms?) (see lbsim compare --help)',
    );
    expect(oneLine(lbsim('run', '--algoritms', 'wrr'))).toContain(
      'did you mean --algorithms? it is an option of lbsim compare and lbsim bench',
    );
    expect(oneLine(lbsim('run', '--format'))).toBe(
      'lbsim run: --format needs a value: --format FORMAT (see lbsim run --help)',
    );
    expect(oneLine(lbsim('run', '--out', '--format', 'json'))).toMatch(
      /^lbsim run: --out needs a value, not the option --format/,
    );
    expect(oneLine(lbsim('run', '-f', 'json', '--format', 'table'))).toMatch(
      /--format is given twice/,
    );
    expect(oneLine(lbsim('init', '--force=yes'))).toMatch(/--force takes no value/);
    for (const args of [
      ['run', '--bogus'],
      ['run', '-x'],
    ]) {
      const r = lbsim(...args);
      expect(r.code).toBe(2);
      expect(oneLine(r)).toMatch(/^lbsim run: unknown option/);
    }
  });
});

describe('input and output', () => {
  it('reads the scenario from standard input with -', () => {
    const v = lbsimWith({ input: small }, 'validate', '-');
    expect(v.code).toBe(0);
    expect(v.stdout).toBe('standard input: valid (1 listeners, 2 targets, 0 events)\n');
    const fromStdin = lbsimWith({ input: small }, 'run', '-', '--format', 'json');
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toBe(lbsim('run', file('s.json', small), '--format', 'json').stdout);
  });

  it('gives the line and column of a JSON syntax error', () => {
    const r = lbsim('validate', file('bad.json', '{\n  "seed": "x",\n  "durationSec": }\n'));
    expect(r.code).toBe(2);
    expect(oneLine(r)).toBe(
      `${join(dir, 'bad.json')}: not valid JSON at line 3, column 18: expected a value, found "}"`,
    );
    expect(oneLine(lbsimWith({ input: '{"a":1,}' }, 'run', '-'))).toBe(
      'standard input: not valid JSON at line 1, column 8: expected a property name in double quotes, found "}"',
    );
  });

  it('checks the output path before running', () => {
    const missing = lbsim('run', '--out', join(dir, 'no-such-dir', 'r.json'));
    expect(missing.code).toBe(2);
    expect(oneLine(missing)).toMatch(
      /^--out: cannot write .*: the directory .*no-such-dir" does not exist$/,
    );
    const isDir = lbsim('compare', '--out', dir);
    expect(oneLine(isDir)).toMatch(/: it is a directory$/);
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    const r = lbsim('run', '--out', join(locked, 'r.json'));
    // root may write anywhere; everyone else is refused before the run.
    if (process.getuid?.() !== 0) expect(oneLine(r)).toMatch(/is not writable$/);
  });
});

describe('colour', () => {
  // The default scenario drains a target: its table marks diverging shares.
  it('honours FORCE_COLOR and NO_COLOR', () => {
    expect(lbsimWith({ env: { FORCE_COLOR: '1' } }, 'run').stdout).toContain('\x1b[');
    expect(
      lbsimWith({ env: { FORCE_COLOR: undefined, NO_COLOR: '1' } }, 'run').stdout,
    ).not.toContain('\x1b[');
    expect(lbsimWith({ env: { FORCE_COLOR: undefined } }, 'run').stdout).not.toContain('\x1b[');
  });
});

describe('lbsim init', () => {
  it('writes a commented starter scenario that validates and runs, and keeps an existing file', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'lbsim-init-'));
    const r = lbsimWith({ cwd }, 'init');
    expect(r.code).toBe(0);
    const text = readFileSync(join(cwd, 'scenario.json'), 'utf8');
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(typeof json.description).toBe('string');
    expect(text).toContain('"_comment"');
    expect(lbsimWith({ cwd }, 'validate', 'scenario.json').code).toBe(0);
    expect(lbsimWith({ cwd }, 'run', 'scenario.json', '--format', 'json').code).toBe(0);
    const again = lbsimWith({ cwd }, 'init');
    expect(again.code).toBe(2);
    expect(oneLine(again)).toMatch(/exists; give --force/);
    expect(lbsimWith({ cwd }, 'init', '--force').code).toBe(0);
    expect(lbsim('init', '-').stdout).toBe(text);
  });
});
