import { describe, expect, it } from 'vitest';
import { ProgressBar, workOf } from '../../src/cli/progress-bar.js';
import { useColor, useProgressBar } from '../../src/cli/terminal.js';

function terminal(): { text: string; write(t: string): boolean; columns: number } {
  return {
    text: '',
    columns: 120,
    write(t: string) {
      this.text += t;
      return true;
    },
  };
}

describe('ProgressBar', () => {
  it('shows simulated time, rate and time left', () => {
    let now = 0;
    const out = terminal();
    const bar = new ProgressBar(out, { durationSec: 600, requests: 600_000, now: () => now });
    now = 4000;
    expect(bar.line(0.25, now)).toBe(
      '[########----------------------]   25%  2 min 30 s/10 min 0 s simulated  38k req/s  ETA 12 s',
    );
  });

  it('counts runs for compare and names the current one', () => {
    const out = terminal();
    const bar = new ProgressBar(out, { durationSec: 10, requests: 1000, runs: 4, now: () => 0 });
    bar.startRun(1, 'maglev');
    expect(bar.line(0.5, 2000)).toMatch(
      /^maglev \(2\/4\) \[#{11}-{19}\] {3}38% {2}5\.0 s\/10 s simulated {2}750 req\/s {2}ETA 3\.3 s$/,
    );
  });

  it('stays silent in the first second and clears only what it drew', () => {
    let now = 0;
    const out = terminal();
    const bar = new ProgressBar(out, { durationSec: 10, requests: 10, now: () => now });
    now = 500;
    bar.update(0.5);
    bar.done();
    expect(out.text).toBe('');
    now = 1500;
    bar.update(0.5);
    bar.done();
    expect(out.text.startsWith('\r[')).toBe(true);
    expect(out.text.endsWith('\u001b[K\r\u001b[2K')).toBe(true);
  });

  it('reads duration and expected requests from a raw scenario, with defaults', () => {
    expect(workOf({ durationSec: 20, traffic: { ratePerSec: 5 } })).toEqual({
      durationSec: 20,
      requests: 100,
    });
    expect(workOf(null)).toEqual({ durationSec: 600, requests: 600_000 });
  });
});

describe('colour and terminals', () => {
  it('follows FORCE_COLOR, then NO_COLOR, then TERM and the terminal', () => {
    const tty = { isTTY: true };
    const pipe = { isTTY: false };
    expect(useColor(tty, {})).toBe(true);
    expect(useColor(pipe, {})).toBe(false);
    expect(useColor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(tty, { NO_COLOR: '' })).toBe(true);
    expect(useColor(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(useColor(pipe, { FORCE_COLOR: '' })).toBe(true);
    expect(useColor(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(useColor(tty, { FORCE_COLOR: 'false', NO_COLOR: '' })).toBe(false);
    expect(useColor(tty, { TERM: 'dumb' })).toBe(false);
    expect(useProgressBar(tty, {})).toBe(true);
    expect(useProgressBar(pipe, {})).toBe(false);
    expect(useProgressBar(tty, { TERM: 'dumb' })).toBe(false);
  });
});
