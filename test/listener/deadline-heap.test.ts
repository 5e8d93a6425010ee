import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeadlineHeap } from '../../src/listener/deadline-heap.js';

describe('DeadlineHeap', () => {
  it('pops connections in end-time order, like sorting (reference)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({
              op: fc.constant('push' as const),
              end: fc.integer({ min: 0, max: 50 }),
              slot: fc.nat(5),
            }),
            fc.record({ op: fc.constant('pop' as const) }),
            fc.record({ op: fc.constant('remove' as const), slot: fc.nat(5) }),
          ),
          { maxLength: 300 },
        ),
        (ops) => {
          const heap = new DeadlineHeap(1);
          let model: { end: number; slot: number }[] = [];
          for (const op of ops) {
            if (op.op === 'push') {
              heap.push(op.end, op.slot);
              model.push({ end: op.end, slot: op.slot });
            } else if (op.op === 'pop') {
              const min = model.reduce((m, c) => Math.min(m, c.end), Infinity);
              expect(heap.peekEnd()).toBe(min);
              const slot = heap.pop();
              if (model.length === 0) {
                expect(slot).toBe(-1);
              } else {
                const at = model.findIndex((c) => c.end === min && c.slot === slot);
                expect(at).toBeGreaterThanOrEqual(0);
                model.splice(at, 1);
              }
            } else {
              const before = model.length;
              model = model.filter((c) => c.slot !== op.slot);
              expect(heap.removeSlot(op.slot)).toBe(before - model.length);
            }
            expect(heap.size).toBe(model.length);
          }
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });
});
