/**
 * Re-captures what a real HAProxy does in every fidelity scenario and writes one small JSON file
 * per scenario to test/fidelity/captures/haproxy/, which the unit tests replay without HAProxy.
 *
 *   npx tsx test/fidelity/haproxy/capture.ts [scenario-name ...]
 *
 * Needs `haproxy` (Debian's 2.6 package) on the PATH; listens on 127.0.0.1 only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { haproxyMissing, haproxyVersion, runLive } from './live.js';
import { encodeObserved, fingerprint, replay, type Capture } from './replay.js';
import { SCENARIOS } from './scenarios.js';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'captures', 'haproxy');

const missing = haproxyMissing();
if (missing !== undefined) {
  console.error(missing);
  process.exit(1);
}
mkdirSync(out, { recursive: true });
const only = process.argv.slice(2);
const version = haproxyVersion();
for (const sc of SCENARIOS) {
  if (only.length > 0 && !only.includes(sc.name)) continue;
  const observed = await runLive(sc);
  const capture: Capture = {
    haproxy: version,
    scenario: sc.name,
    fingerprint: fingerprint(sc),
    observed: encodeObserved(observed),
  };
  writeFileSync(join(out, `${sc.name}.json`), JSON.stringify(capture) + '\n');
  const r = replay(sc, observed);
  console.log(
    `${sc.name}: ${observed.length} requests, lbsim matches ${r.matched}` +
      (r.mismatches.length > 0 ? `; first differences ${JSON.stringify(r.mismatches)}` : ''),
  );
}
