/**
 * Puts issues in document order, so that a long list reads top to bottom like the scenario:
 * top-level sections in their SPEC order, then array indices ascending (`listeners[2]` before
 * `listeners[10]`). Keys below the top level keep the order the checks found them in (the sort is
 * stable). O(n log n) in the number of issues.
 */
import type { Issue } from '../errors.js';

const SECTIONS = [
  '',
  'seed',
  'durationSec',
  'loadBalancer',
  'instances',
  'securityGroups',
  'listeners',
  'traffic',
  'events',
  'options',
];

/** `listeners[1].rules[0]` → `['listeners', 1, 'rules', 0]`. */
function tokens(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const match of path.matchAll(/\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|([^.[\]]+)/g)) {
    if (match[1] !== undefined) out.push(Number(match[1]));
    else out.push(match[2] ?? match[3] ?? '');
  }
  return out;
}

function rank(section: string | number | undefined): number {
  const i = SECTIONS.indexOf(typeof section === 'string' ? section : '');
  return i < 0 ? SECTIONS.length : i;
}

function compare(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  const top = rank(a[0]) - rank(b[0]);
  if (top !== 0) return top;
  for (let i = 1; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (typeof x === 'number' && typeof y === 'number') {
      if (x !== y) return x - y;
    } else if (x !== y) {
      return 0;
    }
  }
  return 0;
}

/** The issues in document order (a new array; ties keep their order). */
export function sortIssues(issues: readonly Issue[]): Issue[] {
  const keyed = issues.map((issue) => ({ issue, key: tokens(issue.path) }));
  keyed.sort((p, q) => compare(p.key, q.key));
  return keyed.map((k) => k.issue);
}
