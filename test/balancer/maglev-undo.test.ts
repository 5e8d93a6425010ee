/**
 * Maglev updates back to a list it had: an undone change (a target failing its health checks and
 * recovering, a drain and a restore) brings back the table before without a fill, and the table is
 * the fresh build's whatever the sequence. The fill is wrapped to count its calls.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { MaglevPicker } from '../../src/balancer/maglev.js';
import type { PickerTarget } from '../../src/balancer/picker.js';
import { referenceMaglevSlots } from './reference-consistent/maglev-reference.js';
import { apply, stepLists, targetLists } from './update-steps.js';

const fills = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/balancer/maglev-fill.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/balancer/maglev-fill.js')>();
  return {
    ...actual,
    fill: (...args: Parameters<typeof actual.fill>): void => {
      fills.count++;
      actual.fill(...args);
    },
  };
});

const targets = (...weights: number[]): PickerTarget[] =>
  weights.map((weight, i) => ({ id: `t${i}`, weight }));

describe('Maglev updates back to a list before', () => {
  it('fill only for a list that is neither the current table’s nor the one before', () => {
    const a = targets(10, 20, 30, 40);
    const b = targets(10, 0, 30, 40); // t1 down
    const c = targets(10, 0, 30, 90);
    const picker = new MaglevPicker(a);
    const fresh = (list: PickerTarget[]): Int32Array => new MaglevPicker(list).slots();
    const steps: [PickerTarget[], number][] = [
      [b, 1], // a change: a fill
      [a, 0], // undone: a's table comes back
      [b, 0], // redone: b's table comes back
      [targets(10, 0, 30, 40), 0], // the same list again, new objects
      [c, 1],
      [b, 0],
      [a, 1], // a is two lists back: no longer kept
    ];
    for (const [list, filled] of steps) {
      const before = fills.count;
      picker.update(list);
      expect(fills.count - before).toBe(filled);
      expect(picker.slots()).toEqual(fresh(list));
    }
  });

  it('give the fresh build’s table for all sequences of changes, undos and repeats', () => {
    // 'undo': back to the list before the last change; 'again': the same list, new objects.
    const moves = fc.array(
      fc.oneof(
        { weight: 3, arbitrary: stepLists(1).map((s) => s[0]!) },
        { weight: 3, arbitrary: fc.constant('undo' as const) },
        { weight: 1, arbitrary: fc.constant('again' as const) },
      ),
      { minLength: 1, maxLength: 16 },
    );
    fc.assert(
      fc.property(
        targetLists(14),
        moves,
        fc.constantFrom(17, 101, 1009),
        (start, changes, tableSize) => {
          let list = start;
          let before = start;
          const picker = new MaglevPicker(list, { tableSize });
          for (const move of changes) {
            if (move === 'undo') [list, before] = [before, list];
            else if (move === 'again') list = list.map((t) => ({ ...t }));
            else [list, before] = [apply(list, move), list];
            picker.update(list);
            expect(picker.tableSize).toBe(new MaglevPicker(list, { tableSize }).tableSize);
            expect(picker.slots()).toEqual(referenceMaglevSlots(list, tableSize));
          }
        },
      ),
      { seed: 11, numRuns: 150 },
    );
  });
});
