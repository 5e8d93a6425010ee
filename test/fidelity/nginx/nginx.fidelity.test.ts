/**
 * Fidelity of the nginx dialects against the real nginx (Debian's nginx-light, 1.22.1): every
 * scenario of scenarios.ts runs live on loopback and the dialect picker must reproduce nginx key
 * by key and request by request. `npm run test:fidelity`. Without nginx (and no way to install
 * it) the suite is skipped with one message saying why.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ensureNginx, nginxVersion, stopAllNginx } from './harness.js';
import { replay, type Capture } from './replay.js';
import {
  captureConnections,
  captureKeys,
  capturePassive,
  captureSequence,
  clientAddresses,
  hashKeys,
} from './scenarios.js';

const found = ensureNginx();
const binary = 'path' in found ? found.path : '';
const version = binary === '' ? '' : nginxVersion(binary);
const KEYS = 1500;

/** Asserts a live capture replays exactly, phase by phase, reporting the first difference. */
function expectReplayed(capture: Capture): void {
  for (const { expected, actual } of replay(capture)) {
    expect(actual.length).toBe(expected.length);
    for (let p = 0; p < expected.length; p++) {
      const e = expected[p]!;
      const a = actual[p]!;
      let first = 0;
      while (first < e.length && e[first] === a[first]) first++;
      expect({ phase: p, firstDifference: first === e.length ? -1 : first, actual: a }).toEqual({
        phase: p,
        firstDifference: -1,
        actual: e,
      });
    }
  }
}

afterAll(stopAllNginx);

describe.skipIf(binary === '')(`nginx dialects against real nginx ${version}`, () => {
  it('nginx-round-robin: 310 requests in sequence over five configurations', async () => {
    expectReplayed(await captureSequence(binary, version));
  });

  it(`nginx-ip-hash: ${KEYS} client addresses x five configurations`, async () => {
    expectReplayed(await captureKeys(binary, version, 'nginx-ip-hash', clientAddresses(KEYS)));
  });

  it(`nginx-hash: ${KEYS} keys x five configurations`, async () => {
    expectReplayed(await captureKeys(binary, version, 'nginx-hash', hashKeys(KEYS)));
  });

  it(`nginx-hash-consistent: ${KEYS} keys x five configurations`, async () => {
    expectReplayed(await captureKeys(binary, version, 'nginx-hash-consistent', hashKeys(KEYS)));
  });

  it('nginx-least-conn: 600 scripted opens and completions of held connections', async () => {
    expectReplayed(await captureConnections(binary, version));
  });

  it('passive checks: refusing peers, max_fails, fail_timeout, proxy_next_upstream', async () => {
    expectReplayed(await capturePassive(binary, version));
  });
});

// Away from CI a machine without nginx skips the suite; in CI (which installs it) a missing
// nginx is a failure, never a silent pass.
it.runIf(process.env['CI'] !== undefined)('finds nginx (CI installs it)', () => {
  expect('reason' in found ? found.reason : '').toBe('');
});
