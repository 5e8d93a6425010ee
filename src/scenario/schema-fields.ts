/**
 * The field schemas scenario parts are built from: objects that refuse arrays, bounded integers and
 * numbers, addresses, ports, protocols — each with a message that follows a JSON path
 * (`must be an integer in 0..100 (got 101)`).
 */
import * as v from 'valibot';
import { isIpv4, parseIpv6 } from '../network/address.js';
import { isCidr, parseCidr } from '../network/cidr.js';
import { isPortRange } from '../network/port-range.js';
import { MAX_NUMBER } from './defaults.js';
import { describeValue, quoteList } from './describe-value.js';
import type { Protocol } from './types.js';

/** A message function: what the value must be, and what it was. */
export function must(what: string): (issue: { readonly input: unknown }) => string {
  return (issue) => `must be ${what} (got ${describeValue(issue.input)})`;
}

/** A JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Keys allowed on every scenario object for notes, besides those starting with `_` or `x-`. */
export const NOTE_KEYS: readonly string[] = ['description', '$schema'];

/**
 * Whether `key` is a note (`description`, `$schema`, `_…`, `x-…`): allowed on any object and
 * ignored; every other key must be a field of the object (`unknown-keys.ts`).
 */
export function isNoteKey(key: string): boolean {
  return key.startsWith('_') || key.startsWith('x-') || NOTE_KEYS.includes(key);
}

/** An object with the given fields; arrays are refused (valibot's `object` alone accepts them). */
export function record<const E extends v.ObjectEntries>(entries: E) {
  return v.pipe(
    v.custom<Record<string, unknown>>(isPlainObject, must('an object')),
    v.object(entries),
  );
}

/** An array of items. */
export function list<const S extends v.GenericSchema>(item: S) {
  return v.array(item, must('an array'));
}

/** A list whose items `validateScenario` checks one by one. */
export const rawList = list(v.unknown());

export const name = v.pipe(
  v.string(must('a non-empty string')),
  v.minLength(1, must('a non-empty string')),
);
export const text = v.string(must('a string'));
export const flag = v.boolean(must('true or false'));

/** An integer in lo..hi. */
export function integerIn(lo: number, hi: number) {
  const message = must(`an integer in ${lo}..${hi}`);
  return v.pipe(
    v.number(message),
    v.check((n) => Number.isInteger(n) && n >= lo && n <= hi, message),
  );
}

/**
 * A number in lo..hi (lo excluded when `open`). Every number the engine uses has bounds it can
 * compute with: simulated milliseconds stay exact integers-ish below 2^53, rates and weights
 * cannot overflow sums, and no product of them reaches Infinity.
 */
export function numberIn(lo: number, hi: number, open = false) {
  const message = must(
    open
      ? `a number > ${formatBound(lo)} and <= ${formatBound(hi)}`
      : `a number in ${formatBound(lo)}..${formatBound(hi)}`,
  );
  return v.pipe(
    v.number(message),
    v.check((n) => (open ? n > lo : n >= lo) && n <= hi, message),
  );
}

function formatBound(n: number): string {
  return n >= 1e6 ? n.toExponential().replace('e+', 'e') : String(n);
}

export const positive = numberIn(0, MAX_NUMBER, true);
export const nonNegative = numberIn(0, MAX_NUMBER);

/** One of the given strings. */
export function oneOf<const T extends string>(values: readonly T[]) {
  return v.picklist(values, must(`one of ${quoteList(values)}`));
}

function isIpv6(textValue: string): boolean {
  try {
    parseIpv6(textValue);
    return true;
  } catch {
    return false;
  }
}

export const ipAddress = v.pipe(
  v.string(must('an IP address')),
  v.check((s) => isIpv4(s) || isIpv6(s), must('an IPv4 or IPv6 address')),
);
/** The VIP: probes come from it and security groups evaluate IPv4 sources, so IPv4 only. */
export const ipv4Address = v.pipe(
  v.string(must('an IPv4 address')),
  v.check(isIpv4, must('an IPv4 address (lbsim evaluates security groups for IPv4 sources)')),
);
export const cidrBlock = v.pipe(
  v.string(must('an IP address or CIDR block')),
  v.check(isCidr, must('an IPv4/IPv6 address or CIDR block such as "10.0.0.0/8"')),
);
export const ipv4Block = v.pipe(
  v.string(must('an IPv4 CIDR block')),
  v.check(
    (s) => isCidr(s) && parseCidr(s).family === 4,
    must('an IPv4 CIDR block such as "100.64.0.0/10"'),
  ),
);

/** A port 1..65535. */
export const portField = integerIn(1, 65535);
/** A weight 0..100. */
export const weightField = integerIn(0, 100);

/** Security-group port: a number, `"N"`, `"N-M"` or `"ALL"` (any case), normalised to a string. */
export const portRange = v.pipe(
  v.custom<string | number>(
    (x) => (typeof x === 'string' || typeof x === 'number') && isPortRange(x),
    must('"ALL", a port "N" or a range "N-M" with ports in 1..65535 and N <= M'),
  ),
  v.transform((x) => (typeof x === 'number' ? String(x) : x.toUpperCase() === 'ALL' ? 'ALL' : x)),
);

const PROTOCOLS: ReadonlyMap<string, Protocol> = new Map([
  ['TCP', 'TCP'],
  ['UDP', 'UDP'],
  ['TCP_SSL', 'TCP_SSL'],
  ['TCP SSL', 'TCP_SSL'],
  ['HTTP', 'HTTP'],
  ['HTTPS', 'HTTPS'],
]);

/** `TCP`, `UDP`, `TCP_SSL` (or `TCP SSL`), `HTTP`, `HTTPS`, in any letter case. */
export const protocol = v.pipe(
  v.custom<string>(
    (x) => typeof x === 'string' && PROTOCOLS.has(x.toUpperCase()),
    must('one of "TCP", "UDP", "TCP_SSL", "HTTP", "HTTPS"'),
  ),
  v.transform((x) => PROTOCOLS.get(x.toUpperCase())!),
);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** Whether `s` is an ISO 8601 date (`YYYY-MM-DD`), optionally followed by a time. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (m === null) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/** An ISO 8601 date such as `"2016-12-01"` (a time may follow). */
export const isoDate = v.pipe(
  v.string(must('an ISO date such as "2016-12-01"')),
  v.check(isIsoDate, must('an ISO date such as "2016-12-01"')),
);
