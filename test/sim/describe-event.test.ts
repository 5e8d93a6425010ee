import { describe, expect, it } from 'vitest';
import type { EventOf, EventOp } from '../../src/cloud/cloud.js';
import { EVENT_OPS } from '../../src/scenario/schema-events.js';
import type { EventSpec } from '../../src/scenario/types.js';
import { describeEvent, eventParams, type EventState } from '../../src/sim/describe-event.js';
import { simulate } from '../../src/sim/simulate.js';
import { tcpScenario } from './scenarios.js';

/** One event of each op; the compiler asks for a new op's entry here too. */
const SAMPLES: { readonly [K in EventOp]: EventOf<K> } = {
  setWeight: { atSec: 60, op: 'setWeight', listener: 'tcp-80', targets: ['ins-3:8080'], weight: 0 },
  setPort: { atSec: 1, op: 'setPort', listener: 'tcp-80', targets: ['ins-3:8080'], port: 9090 },
  bind: {
    atSec: 1,
    op: 'bind',
    listener: 'tcp-80',
    targets: [
      { kind: 'instance', id: 'ins-7:8080', instance: 'ins-7', port: 8080, weight: 10 },
      { kind: 'instance', id: 'ins-8:8080', instance: 'ins-8', port: 8080, weight: 10 },
    ],
  },
  unbind: { atSec: 1, op: 'unbind', listener: 'tcp-80', rule: 'web', targets: ['ins-3:8080'] },
  down: { atSec: 1, op: 'down', instance: 'ins-5' },
  up: { atSec: 1, op: 'up', instance: 'ins-5' },
  release: { atSec: 1, op: 'release', instance: 'ins-5' },
  bindSecurityGroup: {
    atSec: 1,
    op: 'bindSecurityGroup',
    instance: 'ins-5',
    securityGroup: 'sg-db',
  },
  unbindSecurityGroup: {
    atSec: 1,
    op: 'unbindSecurityGroup',
    instance: 'ins-5',
    securityGroup: 'sg-db',
  },
  zoneDown: { atSec: 1, op: 'zoneDown', zone: 'ap-guangzhou-3' },
  zoneUp: { atSec: 1, op: 'zoneUp', zone: 'ap-guangzhou-3' },
  moveEni: { atSec: 1, op: 'moveEni', eni: 'eni-1', instance: 'ins-5' },
  setBackendMode: {
    atSec: 1,
    op: 'setBackendMode',
    backendMode: 'cross-region-v1',
    backendRegion: 'ap-shanghai',
  },
  slow: { atSec: 120, op: 'slow', instance: 'ins-3', factor: 3 },
  errors: { atSec: 1, op: 'errors', instance: 'ins-3', errorRate: 0.025 },
  blackhole: { atSec: 1, op: 'blackhole', instance: 'ins-3' },
  restore: { atSec: 1, op: 'restore', instance: 'ins-3' },
  setSecurityGroup: {
    atSec: 1,
    op: 'setSecurityGroup',
    securityGroup: 'sg-web',
    inbound: [{ source: '0.0.0.0/0', port: 'ALL', action: 'allow' }],
  },
  scale: {
    atSec: 1,
    op: 'scale',
    listener: 'tcp-80',
    port: 8080,
    weight: 10,
    add: [
      { id: 'ins-7', privateIp: '10.0.0.7', securityGroups: [] },
      { id: 'ins-8', privateIp: '10.0.0.8', securityGroups: [] },
    ],
    remove: ['ins-3'],
  },
};

const WEIGHT_30: EventState = { weightOf: () => 30 };

describe('describeEvent', () => {
  it.each(EVENT_OPS)(
    'describes %s by its op and what it acts on, with every parameter kept',
    (op) => {
      const event = SAMPLES[op];

      const text = describeEvent(event, WEIGHT_30);
      const params = eventParams(event);

      expect(text.startsWith(`${op} `)).toBe(true);
      const subject =
        'instance' in event
          ? event.instance
          : 'listener' in event
            ? event.listener
            : 'zone' in event
              ? event.zone
              : 'backendMode' in event
                ? event.backendMode
                : event.securityGroup;
      expect(text).toContain(subject);
      expect({ atSec: event.atSec, op: event.op, ...params }).toEqual(
        Object.fromEntries(Object.entries(event).filter(([, v]) => v !== undefined)),
      );
    },
  );

  it('reads as a person would say it', () => {
    const say = (event: EventSpec): string => describeEvent(event, WEIGHT_30);
    expect(say(SAMPLES.setWeight)).toBe('setWeight tcp-80 ins-3:8080 30→0');
    expect(say(SAMPLES.down)).toBe('down ins-5');
    expect(say(SAMPLES.scale)).toBe('scale tcp-80 +2 (ins-7, ins-8) −1 (ins-3)');
    expect(say(SAMPLES.bind)).toBe('bind tcp-80 ins-7:8080, ins-8:8080 at weight 10');
    expect(say(SAMPLES.unbind)).toBe('unbind tcp-80 rule web ins-3:8080');
    expect(say(SAMPLES.setPort)).toBe('setPort tcp-80 ins-3:8080→9090');
    expect(say(SAMPLES.setSecurityGroup)).toBe('setSecurityGroup sg-web (1 inbound rule)');
    expect(say(SAMPLES.bindSecurityGroup)).toBe('bindSecurityGroup sg-db to ins-5');
    expect(say(SAMPLES.zoneDown)).toBe('zoneDown ap-guangzhou-3');
    expect(say(SAMPLES.slow)).toBe('slow ins-3 ×3');
    expect(say(SAMPLES.errors)).toBe('errors ins-3 2.5%');
    expect(say(SAMPLES.moveEni)).toBe('moveEni eni-1 to ins-5');
    expect(say(SAMPLES.setBackendMode)).toBe('setBackendMode cross-region-v1 (ap-shanghai)');
    expect(say({ atSec: 1, op: 'setBackendMode', backendMode: 'same-vpc' })).toBe(
      'setBackendMode same-vpc',
    );
  });

  it('counts targets past the third instead of listing them', () => {
    const targets = ['a:1', 'b:1', 'c:1', 'd:1', 'e:1'];
    const text = describeEvent({ ...SAMPLES.unbind, targets }, WEIGHT_30);
    expect(text).toBe('unbind tcp-80 rule web a:1, b:1, c:1 and 2 more');
  });
});

describe('events in the report', () => {
  it('carry the description written when they were applied, and their parameters', async () => {
    const report = await simulate(
      tcpScenario([30, 10, 10], {
        durationSec: 20,
        events: [
          { atSec: 5, op: 'setWeight', listener: 'tcp-80', target: 'ins-0:8080', weight: 20 },
          { atSec: 10, op: 'setWeight', listener: 'tcp-80', target: 'ins-0:8080', weight: 0 },
          { atSec: 15, op: 'down', instance: 'ins-1' },
        ],
      }),
    );

    expect(report.events.map((e) => e.description)).toEqual([
      'setWeight tcp-80 ins-0:8080 30→20',
      'setWeight tcp-80 ins-0:8080 20→0',
      'down ins-1',
    ]);
    expect(report.events[0]!.params).toEqual({
      listener: 'tcp-80',
      targets: ['ins-0:8080'],
      weight: 20,
    });
    expect(report.events[2]!.params).toEqual({ instance: 'ins-1' });
  });
});
