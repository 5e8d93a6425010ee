/**
 * A user's own picker in the published JSON Schema: built-in names stay an enumeration (a typo is
 * flagged), and `x-` names are the documented room for a user's pickers.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { tcpScenario } from '../sim/scenarios.js';

const schema = JSON.parse(
  readFileSync(new URL('../../scenario.schema.json', import.meta.url), 'utf8'),
) as object;
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

function withAlgorithm(algorithm: string): unknown {
  return tcpScenario([10, 20], {}, { algorithm });
}

describe('scenario.schema.json and algorithm names', () => {
  it.each(['maglev', 'x-my-picker', 'x-'])('accepts %s', (name) => {
    expect(validate(withAlgorithm(name)), JSON.stringify(validate.errors)).toBe(true);
  });

  it.each(['magelv', 'my-picker', 'X-mine', ''])('flags %j at the listener’s algorithm', (name) => {
    expect(validate(withAlgorithm(name))).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath)).toContain('/listeners/0/algorithm');
  });

  it('accepts an x- name on a layer-7 rule too', () => {
    const json = JSON.parse(
      readFileSync(new URL('../../examples/layer7-routing.json', import.meta.url), 'utf8'),
    ) as { listeners: { rules?: { algorithm?: string }[] }[] };
    const rule = json.listeners.flatMap((l) => l.rules ?? [])[0]!;
    rule.algorithm = 'x-mine';
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    rule.algorithm = 'mine';
    expect(validate(json)).toBe(false);
  });
});
