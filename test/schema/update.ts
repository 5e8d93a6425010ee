/** `npm run schema:update`: writes `scenario.schema.json` from the valibot schema. */
import { writeFileSync } from 'node:fs';
import { scenarioJsonSchema } from './scenario-json-schema.js';

const file = new URL('../../scenario.schema.json', import.meta.url);
writeFileSync(file, `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
process.stdout.write('wrote scenario.schema.json\n');
