/**
 * Replays the checked-in captures of real nginx 1.22.1 (test/fidelity/captures/nginx, written by
 * test/fidelity/nginx/capture.ts) through the nginx dialect pickers: key by key and request by
 * request they must choose what nginx chose, so `npm test` proves fidelity without nginx.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { replay, type Capture } from '../../fidelity/nginx/replay.js';

const dir = fileURLToPath(new URL('../../fidelity/captures/nginx/', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('nginx captures', () => {
  it('has a capture for every dialect and for passive checks', () => {
    expect(files.sort()).toEqual([
      'hash-consistent.json',
      'hash.json',
      'ip-hash.json',
      'least-conn.json',
      'passive.json',
      'round-robin.json',
    ]);
  });

  for (const file of files) {
    const capture = JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as Capture;

    it(`${file}: the picker chooses exactly what nginx ${capture.nginx} chose`, () => {
      const runs = replay(capture);
      expect(runs.length).toBeGreaterThan(0);
      for (const { expected, actual } of runs) {
        expect(expected.length).toBeGreaterThan(0);
        for (let p = 0; p < expected.length; p++) {
          expect(actual[p], `${file} phase ${p}`).toBe(expected[p]);
        }
      }
    });
  }
});
