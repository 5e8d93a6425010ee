/** Rewrites the golden outputs from the built CLI: `npm run golden:update`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GOLDEN_CASES, GOLDEN_DIR, produce } from './cases.js';

mkdirSync(GOLDEN_DIR, { recursive: true });
for (const c of GOLDEN_CASES) {
  writeFileSync(join(GOLDEN_DIR, c.file), produce(c));
  process.stdout.write(`wrote ${c.file}\n`);
}
