/**
 * Unknown scenario fields are issues with their path and the closest known field, in every part of
 * a scenario; notes (`description`, `$schema`, `_…`, `x-…`) are allowed anywhere.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCENARIO } from '../../src/scenario/default-scenario.js';
import { unknownKeys } from '../../src/scenario/unknown-keys.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { base, change, issuesOf, SPEC_EXAMPLE, type Json } from './fixtures.js';

const EXAMPLES = readdirSync(new URL('../../examples/', import.meta.url))
  .filter((name) => name.endsWith('.json'))
  .map((name): [string, Json] => [
    name,
    JSON.parse(readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8')) as Json,
  ]);

/** Every object in a JSON value with the path of keys and indices leading to it. */
function objectsOf(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((x, i) => objectsOf(x, [...at, i]));
  if (value === null || typeof value !== 'object') return [];
  return [at, ...Object.entries(value).flatMap(([k, x]) => objectsOf(x, [...at, k]))];
}

function at(json: Json, path: readonly (string | number)[]): Json {
  let node: Json = json;
  for (const key of path) node = node[key] as Json;
  return node;
}

function pathText(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (text, key) =>
      typeof key === 'number' ? `${text}[${key}]` : text === '' ? key : `${text}.${key}`,
    '',
  );
}

describe('unknown scenario fields', () => {
  it.each([
    ['durationSecs', (j: Json) => (j.durationSecs = 60), 'durationSecs', 'durationSec'],
    [
      'weigth',
      (j: Json) => (j.listeners[0].targets[0].weigth = 0),
      'listeners[0].targets[0].weigth',
      'weight',
    ],
    [
      'sesion',
      (j: Json) => (j.listeners[0].sesion = { timeoutSec: 60 }),
      'listeners[0].sesion',
      'session',
    ],
    [
      'healthcheck',
      (j: Json) => (j.listeners[0].healthcheck = {}),
      'listeners[0].healthcheck',
      'healthCheck',
    ],
    [
      'algoritm',
      (j: Json) => (j.listeners[0].algoritm = 'maglev'),
      'listeners[0].algoritm',
      'algorithm',
    ],
    [
      'ratePerSecond',
      (j: Json) => (j.traffic = { ratePerSecond: 10 }),
      'traffic.ratePerSecond',
      'ratePerSec',
    ],
    [
      'backendmode',
      (j: Json) => (j.loadBalancer.backendmode = 'same-vpc'),
      'loadBalancer.backendmode',
      'backendMode',
    ],
    [
      'privateIP',
      (j: Json) => (j.instances[0].privateIP = '10.0.0.1'),
      'instances[0].privateIP',
      'privateIp',
    ],
    [
      'enis ip',
      (j: Json) => (j.instances[0].enis[0].ip = ['10.0.0.1']),
      'instances[0].enis[0].ip',
      'ips',
    ],
    [
      'inbound sources',
      (j: Json) => (j.securityGroups[0].inbound[0].sources = 'x'),
      'securityGroups[0].inbound[0].sources',
      'source',
    ],
    [
      'rule domian',
      (j: Json) => (j.listeners[1].rules[0].domian = 'x'),
      'listeners[1].rules[0].domian',
      'domain',
    ],
    [
      'rule target',
      (j: Json) => (j.listeners[1].rules[1].targets[0].prot = 1),
      'listeners[1].rules[1].targets[0].prot',
      'port',
    ],
    [
      'healthCheck field',
      (j: Json) => (j.listeners[0].healthCheck = { intervalSecs: 5 }),
      'listeners[0].healthCheck.intervalSecs',
      'intervalSec',
    ],
    [
      'session field',
      (j: Json) => (j.listeners[0].session = { timeout: 60 }),
      'listeners[0].session.timeout',
      'timeoutSec',
    ],
    [
      'reschedule',
      (j: Json) => (j.listeners[0].reschedule = { onUnbnd: true }),
      'listeners[0].reschedule.onUnbnd',
      'onUnbind',
    ],
    [
      'mix',
      (j: Json) => (j.traffic = { mix: [{ listener: 'tcp-80', wieght: 1 }] }),
      'traffic.mix[0].wieght',
      'weight',
    ],
    ['options', (j: Json) => (j.options = { windowSecs: 5 }), 'options.windowSecs', 'windowSec'],
    [
      'event',
      (j: Json) => (j.events = [{ atSec: 1, op: 'down', instnace: 'ins-a' }]),
      'events[0].instnace',
      'instance',
    ],
    [
      'event of another op',
      (j: Json) =>
        (j.events = [
          {
            atSec: 1,
            op: 'setWeight',
            listener: 'tcp-80',
            target: 'ins-a:8080',
            weight: 0,
            targte: 'ins-a:8080',
          },
        ]),
      'events[0].targte',
      'target',
    ],
    [
      'bind target',
      (j: Json) =>
        (j.events = [
          {
            atSec: 1,
            op: 'bind',
            listener: 'tcp-80',
            targets: [{ instance: 'ins-c', port: 9, wegiht: 1 }],
          },
        ]),
      'events[0].targets[0].wegiht',
      'weight',
    ],
    [
      'scale launch',
      (j: Json) =>
        (j.events = [
          {
            atSec: 1,
            op: 'scale',
            listener: 'tcp-80',
            port: 9,
            add: [{ id: 'n', privateIp: '10.0.0.99', securityGroup: [] }],
          },
        ]),
      'events[0].add[0].securityGroup',
      'securityGroups',
    ],
  ])('%s: reported at its path with the closest field', (_, mutate, path, suggestion) => {
    const issues = issuesOf(change(base(), mutate));
    expect(issues).toContainEqual({
      path,
      message: `unknown field (did you mean "${suggestion}"?)`,
    });
  });

  it('lists the fields of the place when nothing is close', () => {
    const issues = issuesOf(change(base(), (j) => (j.listeners[0].targets[0].colour = 'red')));
    expect(issues).toEqual([
      {
        path: 'listeners[0].targets[0].colour',
        message: expect.stringMatching(
          /^unknown field; the fields here are .*instance, port, weight/,
        ),
      },
    ]);
  });

  it('reports every unknown key at once, in document order, beside other problems', () => {
    const issues = issuesOf(
      change(base(), (j) => {
        j.events = [{ atSec: 1, op: 'down', instnace: 'ins-a' }];
        j.listeners[0].port = 70000;
        j.listeners[0].targets[1].weigth = 0;
        j.durationSecs = 5;
      }),
    );
    // Unknown top-level keys come after the known sections.
    expect(issues.map((i) => i.path)).toEqual([
      'listeners[0].port',
      'listeners[0].targets[1].weigth',
      'events[0].instance',
      'events[0].instnace',
      'durationSecs',
    ]);
  });

  it('leaves a key of another target shape to the shape check', () => {
    const issues = issuesOf(change(base(), (j) => (j.listeners[0].targets[0].ip = '10.0.0.11')));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/not several/);
  });

  it('skips values of the wrong type and unknown ops (their own checks report them)', () => {
    expect(
      unknownKeys({ listeners: 'x', traffic: [1], events: [{ op: 'explode', foo: 1 }] }),
    ).toEqual([]);
    expect(unknownKeys(null)).toEqual([]);
  });

  it('accepts a target id and kind only as validateScenario writes them', () => {
    const ok = change(
      base(),
      (j) =>
        (j.listeners[0].targets[0] = {
          kind: 'instance',
          id: 'ins-a:8080',
          instance: 'ins-a',
          port: 8080,
        }),
    );
    expect(issuesOf(ok)).toEqual([]);
    const wrong = change(
      base(),
      (j) =>
        (j.listeners[0].targets[0] = { kind: 'ip', id: 'ins-a:80', instance: 'ins-a', port: 8080 }),
    );
    expect(issuesOf(wrong).map((i) => i.path)).toEqual(['listeners[0].targets[0].kind']);
    const id = change(
      base(),
      (j) => (j.listeners[0].targets[0] = { id: 'ins-a:80', instance: 'ins-a', port: 8080 }),
    );
    expect(issuesOf(id)).toEqual([
      {
        path: 'listeners[0].targets[0].id',
        message: expect.stringContaining('must be "ins-a:8080"'),
      },
    ]);
  });

  it.each([
    ['the default scenario', DEFAULT_SCENARIO as Json],
    ['the SPEC example', SPEC_EXAMPLE],
    ...EXAMPLES,
  ])('in %s, an unknown key on any object is one issue at its path; a note is none', (_, json) => {
    const places = objectsOf(json);
    fc.assert(
      fc.property(
        fc.constantFrom(...places),
        fc.stringMatching(/^[a-z]{1,8}$/),
        fc.constantFrom('_', 'x-'),
        (place, word, note) => {
          const key = `zq${word}`;
          const bad = change(json, (j) => (at(j, place)[key] = 1));
          expect(issuesOf(bad)).toEqual([
            { path: pathText([...place, key]), message: expect.stringMatching(/^unknown field/) },
          ]);
          const noted = change(json, (j) => (at(j, place)[`${note}${word}`] = { any: 1 }));
          expect(issuesOf(noted)).toEqual([]);
        },
      ),
      { seed: 7, numRuns: 60 },
    );
  });

  it('accepts validateScenario output (targets carry kind and id)', () => {
    for (const [, json] of EXAMPLES) {
      const once = validateScenario(json);
      expect(validateScenario(once)).toEqual(once);
    }
  });
});
