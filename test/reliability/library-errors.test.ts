/** Library argument errors: still RangeError/TypeError, each with a stable `code` (issue 8). */
import { describe, expect, it } from 'vitest';
import { createPicker, hashKey, SessionTable } from '../../src/index.js';
import { ALGORITHMS } from '../../src/balancer/algorithms.js';
import { MAX_PICKER_TARGETS } from '../../src/balancer/check-targets.js';
import { formatIssue, LbsimRangeError, oneLine, ScenarioError } from '../../src/errors.js';

function thrown(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a throw');
}

describe('picker errors', () => {
  it.each(ALGORITHMS)('%s: a bad target list throws with code ERR_PICKER_TARGETS', (algorithm) => {
    const e = thrown(() => createPicker(algorithm, [{ id: 'a', weight: 101 }]));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.code).toBe('ERR_PICKER_TARGETS');
    const t = thrown(() => createPicker(algorithm, [{ id: '', weight: 1 }]));
    expect(t).toBeInstanceOf(TypeError);
    expect(t.code).toBe('ERR_PICKER_TARGETS');
  });

  it(`bounds a picker to ${MAX_PICKER_TARGETS} targets (a Maglev build over 1e5 took 96 s)`, () => {
    const many = Array.from({ length: MAX_PICKER_TARGETS + 1 }, (_, i) => ({
      id: `t${i}`,
      weight: 1,
    }));
    const e = thrown(() => createPicker('maglev', many));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.code).toBe('ERR_PICKER_TARGETS');
    expect(e.message).toBe(
      `maglev: at most ${MAX_PICKER_TARGETS} targets, got ${MAX_PICKER_TARGETS + 1}`,
    );
  });

  it('options errors carry ERR_PICKER_OPTION', () => {
    const e = thrown(() => createPicker('maglev', [{ id: 'a', weight: 1 }], { tableSize: 4 }));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.code).toBe('ERR_PICKER_OPTION');
  });

  it.each(['random', 'p2c'] as const)(
    '%s: refuses a bad rng when built, not on every pick',
    (algorithm) => {
      const targets = [
        { id: 'a', weight: 1 },
        { id: 'b', weight: 2 },
      ];
      for (const rng of [
        (() => 0.5) as unknown,
        {},
        { next: () => 1 },
        { next: () => Number.NaN },
        { next: () => -0.1 },
        { next: () => '0.5' },
        {
          next: () => {
            throw new Error('boom');
          },
        },
      ]) {
        const e = thrown(() => createPicker(algorithm, targets, { rng: rng as never }));
        expect(e).toBeInstanceOf(e instanceof TypeError ? TypeError : RangeError);
        expect(e.code).toBe('ERR_PICKER_RNG');
      }
    },
  );

  it('a good foreign rng sees the same sequence as unchecked (the checked draw is handed back)', () => {
    const values = [0.1, 0.9, 0.5, 0.7];
    let k = 0;
    const rng = { next: () => values[k++ % values.length]!, nextUint32: () => 0 };
    const picker = createPicker(
      'random',
      [
        { id: 'a', weight: 1 },
        { id: 'b', weight: 1 },
      ],
      { rng },
    );
    expect([0, 0, 0, 0].map(() => picker.pick(0))).toEqual([0, 1, 1, 1]);
  });
});

describe('hashKey and SessionTable', () => {
  it.each([{}, Symbol('s'), null, undefined, [], true, 1n])(
    'hashKey(%s) throws a TypeError with a code',
    (key) => {
      const e = thrown(() => hashKey(key as never));
      expect(e).toBeInstanceOf(TypeError);
      expect(e.code).toBe('ERR_HASH_KEY');
    },
  );

  it('hashKey(-1) throws a RangeError with a code', () => {
    const e = thrown(() => hashKey(-1));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.code).toBe('ERR_HASH_KEY');
  });

  it('SessionTable argument errors carry ERR_SESSION_TABLE', () => {
    const e = thrown(() => new SessionTable({ timeoutMs: -1 }));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.code).toBe('ERR_SESSION_TABLE');
    const table = new SessionTable({ timeoutMs: 1000 });
    expect(
      thrown(() => {
        table.set(-1, 0, 0);
      }).code,
    ).toBe('ERR_SESSION_TABLE');
  });
});

describe('messages', () => {
  it('oneLine escapes line breaks and control characters and cuts long text', () => {
    expect(oneLine('a\nb\r\u2028\u0000')).toBe('a\\nb\\r\\u2028\\u0000');
    expect(oneLine('x'.repeat(5000))).toMatch(/…\(5000 chars\)…x+$/);
    expect(new LbsimRangeError('E', 'two\nlines').message).toBe('two\\nlines');
  });

  it('formatIssue never prints a newline; ScenarioError caps its issues at 100 plus a count', () => {
    expect(formatIssue({ path: 'a\nb', message: 'c\nd' })).toBe('a\\nb: c\\nd');
    const error = new ScenarioError(
      Array.from({ length: 150 }, (_, i) => ({ path: `p${i}`, message: 'm' })),
    );
    expect(error.issues).toHaveLength(101);
    expect(error.issues[100]).toEqual({ path: '', message: '... and 50 more problems' });
    expect(error.message.split('\n')).toHaveLength(101);
  });
});
