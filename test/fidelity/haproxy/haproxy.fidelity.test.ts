/**
 * The HAProxy dialects against the real HAProxy: every scenario of scenarios.ts is played on a
 * live `haproxy` (127.0.0.1 only, one thread, no health checks) and on the lbsim dialect, and the
 * server of every request must be the same. Skips, saying why, when HAProxy cannot be installed.
 *
 *   npm run test:fidelity
 */
import { describe, expect, it } from 'vitest';
import { haproxyMissing, haproxyVersion, runLive } from './live.js';
import { replay } from './replay.js';
import { SCENARIOS } from './scenarios.js';

const missing = haproxyMissing();
if (missing !== undefined) console.warn(`HAProxy fidelity suite skipped: ${missing}`);

// In CI (which installs HAProxy) a missing binary is a failure, never a silent pass.
it.runIf(process.env['CI'] !== undefined)('finds HAProxy (CI installs it)', () => {
  expect(missing).toBeUndefined();
});

describe.skipIf(missing !== undefined)(`HAProxy dialects against ${haproxyVersion()}`, () => {
  for (const sc of SCENARIOS) {
    it(`${sc.name} (${sc.dialect}, balance ${sc.balance}): every request on the same server`, async () => {
      // Arrange / Act
      const observed = await runLive(sc);
      const result = replay(sc, observed);

      // Assert
      expect(result.mismatches).toEqual([]);
      expect(result.matched).toBe(observed.length);
      expect(observed.length).toBeGreaterThan(0);
    });
  }
});
