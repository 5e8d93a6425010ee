/**
 * `setBackendMode`: the binding mode over time. Cross-region binding 1.0 cannot return to
 * same-region binding; non-VPC IPs (2.0) can; the two cross-network modes are one or the other;
 * each mode's own conditions (public, standard) hold; a switch is refused while a bound target
 * breaks the new mode; later binds and releases follow the new mode.
 */
import { describe, expect, it } from 'vitest';
import { modeSwitchProblem } from '../../src/cloud/backend-modes.js';
import { BACKEND_MODES } from '../../src/cloud/backend-modes.js';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { simulate } from '../../src/sim/simulate.js';
import { base, change, expectIssues, type Json } from '../scenario/fixtures.js';

/** base() with this load balancer mode, ins-x in ap-shanghai / vpc-2, and these events. */
function moded(lb: Json, events: Json[]): Json {
  return change(base(), (s) => {
    Object.assign(s.loadBalancer, lb);
    s.instances.push({
      id: 'ins-x',
      region: 'ap-shanghai',
      vpcId: 'vpc-2',
      privateIp: '10.1.0.5',
      securityGroups: ['sg-web'],
    });
    s.events = events;
  });
}

/** Only ins-x is bound (to tcp-80): what cross-region binding 1.0 allows. */
const onlyX = (s: Json): void => {
  s.listeners = [
    { id: 'tcp-80', protocol: 'TCP', port: 80, targets: [{ instance: 'ins-x', port: 8080 }] },
  ];
};

const to = (backendMode: string, more: Json = {}): Json => ({
  atSec: 10,
  op: 'setBackendMode',
  backendMode,
  ...more,
});
const bindX = (atSec: number): Json => ({
  atSec,
  op: 'bind',
  listener: 'tcp-80',
  targets: [{ instance: 'ins-x', port: 8080 }],
});

describe('which switches the product allows', () => {
  it('same-region binding turns either cross-network mode on; 2.0 switches back, 1.0 never', () => {
    const allowed = BACKEND_MODES.flatMap((from) =>
      BACKEND_MODES.filter(
        (mode) => modeSwitchProblem(from, undefined, mode, undefined) === null,
      ).map((mode) => `${from}→${mode}`),
    );
    expect(allowed).toEqual([
      'same-vpc→cross-region-v1',
      'same-vpc→non-vpc-ips',
      'non-vpc-ips→same-vpc',
    ]);
    // 1.0 may move to another region.
    expect(
      modeSwitchProblem('cross-region-v1', 'ap-shanghai', 'cross-region-v1', 'ap-beijing'),
    ).toBe(null);
  });

  it('accepts 2.0 switching back, and 1.0 moving to another region', () => {
    const back = moded({ backendMode: 'non-vpc-ips' }, [to('same-vpc')]);
    expect(validateScenario(back).events).toEqual([to('same-vpc')]);
    const moved = moded({ backendMode: 'cross-region-v1', backendRegion: 'ap-shanghai' }, [
      to('cross-region-v1', { backendRegion: 'ap-beijing' }),
    ]);
    // ins-x, in ap-shanghai, is unbound first: 1.0 in ap-beijing would not allow it.
    const unbindX = { atSec: 5, op: 'unbind', listener: 'tcp-80', target: 'ins-x:8080' };
    expect(() =>
      validateScenario(
        change(moved, (s) => {
          onlyX(s);
          s.events.unshift(unbindX);
        }),
      ),
    ).not.toThrow();
    expectIssues(change(moved, onlyX), [
      {
        path: 'events[0].backendMode',
        message: 'target "ins-x:8080" of listener "tcp-80" is bound',
      },
    ]);
  });

  it('refuses 1.0 back to same-region or to 2.0, 2.0 straight to 1.0, and no change, at backendMode', () => {
    const v1 = { backendMode: 'cross-region-v1', backendRegion: 'ap-shanghai' };
    for (const mode of ['same-vpc', 'non-vpc-ips']) {
      expectIssues(change(moded(v1, [to(mode)]), onlyX), [
        {
          path: 'events[0].backendMode',
          message: `cannot switch from "cross-region-v1" to "${mode}": cross-region binding 1.0 cannot be turned off`,
        },
      ]);
    }
    expectIssues(moded({ backendMode: 'non-vpc-ips' }, [to('cross-region-v1')]), [
      { path: 'events[0].backendMode', message: 'one or the other: switch to "same-vpc" first' },
    ]);
    expectIssues(moded({}, [to('same-vpc')]), [
      { path: 'events[0].backendMode', message: 'already uses that mode' },
    ]);
  });

  it("refuses a mode this load balancer cannot have, at the event's own fields", () => {
    expectIssues(moded({ type: 'internal' }, [to('cross-region-v1')]), [
      { path: 'events[0].backendMode', message: 'is for public load balancers only' },
    ]);
    expectIssues(moded({ kind: 'classic' }, [to('non-vpc-ips')]), [
      { path: 'events[0].backendMode', message: 'needs a standard load balancer' },
    ]);
    expectIssues(moded({}, [to('non-vpc-ips', { backendRegion: 'ap-shanghai' })]), [
      {
        path: 'events[0].backendRegion',
        message: 'is used only with backendMode "cross-region-v1"',
      },
    ]);
  });
});

describe('targets the new mode no longer allows', () => {
  it('refuse the switch while bound; once unbound it goes through', () => {
    const bound = moded({ backendMode: 'non-vpc-ips' }, [bindX(5), to('same-vpc')]);
    expectIssues(bound, [
      {
        path: 'events[1].backendMode',
        message:
          'target "ins-x:8080" of listener "tcp-80" is bound but backendMode "same-vpc" would not allow it (instance "ins-x" is in "ap-shanghai" / "vpc-2", not in the load balancer\'s region and VPC',
      },
    ]);
    const unbound = change(bound, (s) => {
      s.events.push({ atSec: 8, op: 'unbind', listener: 'tcp-80', target: 'ins-x:8080' });
    });
    expect(() => validateScenario(unbound)).not.toThrow();
  });
});

describe('later binds and releases follow the new mode', () => {
  it('an instance of another region binds only after switching to non-VPC IPs', () => {
    expectIssues(moded({}, [bindX(20)]), [
      {
        path: 'events[0].targets[0].instance',
        message: "not in the load balancer's region and VPC",
      },
    ]);
    expect(() => validateScenario(moded({}, [to('non-vpc-ips'), bindX(20)]))).not.toThrow();
    // And back: after returning to same-region binding it is refused again.
    expectIssues(moded({}, [to('non-vpc-ips'), { ...to('same-vpc'), atSec: 15 }, bindX(20)]), [
      {
        path: 'events[2].targets[0].instance',
        message: "not in the load balancer's region and VPC",
      },
    ]);
  });

  it('a released instance of another region stays bound (abnormal) under 2.0 only', async () => {
    const run = (events: Json[]) =>
      simulate(
        change(moded({}, events), (s) => {
          s.durationSec = 80;
          s.traffic = { ratePerSec: 200, clients: 500 };
          s.listeners = [s.listeners[0]];
        }),
      );
    const report = await run([
      to('non-vpc-ips'),
      bindX(15),
      { atSec: 40, op: 'release', instance: 'ins-x' },
    ]);
    const x = report.servers.find((s) => s.target === 'ins-x:8080')!;
    // Probed until healthy, then abnormal after the release: still bound, still probed.
    expect(x.health.map((h) => h.state)).toEqual(['probing', 'healthy', 'abnormal']);
    expect(x.health[2]!.atSec).toBeGreaterThan(40);
    // A same-region instance released is unbound at once: no abnormal verdict follows.
    const same = await run([{ atSec: 40, op: 'release', instance: 'ins-b' }]);
    const b = same.servers.find((s) => s.target === 'ins-b:8080')!;
    expect(b.health.map((h) => h.state)).toEqual(['healthy']);
    expect(report.events[0]!.description).toBe('setBackendMode non-vpc-ips');
  });
});
