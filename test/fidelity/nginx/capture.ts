/**
 * Re-captures what real nginx does, into test/fidelity/captures/nginx/*.json, which the unit
 * tests (test/balancer/dialects/nginx-captures.test.ts) replay through the dialect pickers.
 *
 *   npx tsx test/fidelity/nginx/capture.ts [name ...]
 *
 * With names (round-robin, ip-hash, hash, hash-consistent, least-conn, passive) only those are
 * re-captured.
 * Needs nginx (Debian's nginx-light; installed when missing and running as root). Runs nginx and
 * Node backends on 127.0.0.1 only, about a minute. Regenerate deliberately, in its own commit.
 */
import { writeFileSync } from 'node:fs';
import { format } from 'prettier';
import { fileURLToPath } from 'node:url';
import { ensureNginx, nginxVersion, stopAllNginx } from './harness.js';
import {
  captureConnections,
  captureKeys,
  capturePassive,
  captureSequence,
  clientAddresses,
  hashKeys,
} from './scenarios.js';

/** Keys sent to each configuration by the capture (the live suite uses the same). */
export const CAPTURE_KEY_COUNT = 1500;

const dir = fileURLToPath(new URL('../captures/nginx/', import.meta.url));

async function main(): Promise<void> {
  const found = ensureNginx();
  if (!('path' in found)) throw new Error(found.reason);
  const binary = found.path;
  const version = nginxVersion(binary);
  const only = process.argv.slice(2);
  const wanted = (name: string): boolean => only.length === 0 || only.includes(name);
  const write = async (name: string, data: () => Promise<unknown>): Promise<void> => {
    if (!wanted(name)) return;
    const text = await format(JSON.stringify(await data()), { parser: 'json', printWidth: 100 });
    writeFileSync(`${dir}${name}.json`, text);
    console.log(`wrote ${name}.json`);
  };
  await write('round-robin', () => captureSequence(binary, version));
  await write('ip-hash', () =>
    captureKeys(binary, version, 'nginx-ip-hash', clientAddresses(CAPTURE_KEY_COUNT)),
  );
  await write('hash', () =>
    captureKeys(binary, version, 'nginx-hash', hashKeys(CAPTURE_KEY_COUNT)),
  );
  await write('hash-consistent', () =>
    captureKeys(binary, version, 'nginx-hash-consistent', hashKeys(CAPTURE_KEY_COUNT)),
  );
  await write('least-conn', () => captureConnections(binary, version));
  await write('passive', () => capturePassive(binary, version));
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(stopAllNginx);
