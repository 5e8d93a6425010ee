/**
 * Fidelity without HAProxy: the captures in test/fidelity/captures/haproxy/ (what HAProxy 2.6.12
 * did, request by request, written by test/fidelity/haproxy/capture.ts) replayed on the dialects.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  decodeObserved,
  fingerprint,
  replay,
  type Capture,
} from '../../fidelity/haproxy/replay.js';
import { SCENARIOS } from '../../fidelity/haproxy/scenarios.js';

const dir = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'fidelity',
  'captures',
  'haproxy',
);
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('HAProxy captures replayed on the dialects', () => {
  it('has a capture for every scenario', () => {
    expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual(
      SCENARIOS.map((s) => s.name).sort(),
    );
  });

  for (const file of files) {
    it(`${file}: every request on HAProxy's server`, () => {
      // Arrange
      const capture = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Capture;
      const scenario = SCENARIOS.find((s) => s.name === capture.scenario);
      expect(scenario, `no scenario named ${capture.scenario}`).toBeDefined();
      expect(fingerprint(scenario!), 'scenario changed since capture: re-run capture.ts').toBe(
        capture.fingerprint,
      );
      const observed = decodeObserved(capture.observed);

      // Act
      const result = replay(scenario!, observed);

      // Assert
      expect(result.mismatches).toEqual([]);
      expect(result.matched).toBe(observed.length);
    });
  }
});
