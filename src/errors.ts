/**
 * Error classes of lbsim. Bad configuration throws; the hot path never does (a picker returns -1).
 * Every class carries a stable, readonly `code` so callers can branch without parsing messages.
 */
import { MAX_ISSUES, QUOTE_LIMIT, LINE_LIMIT } from './limits.js';
export { MAX_ISSUES, QUOTE_LIMIT, LINE_LIMIT } from './limits.js';

/** One problem in an input document: where it is (a JSON path such as `listeners[0].port`) and what is wrong. */
export interface Issue {
  readonly path: string;
  readonly message: string;
}

/** Base class of every error lbsim throws on purpose. */
export class LbsimError extends Error {
  /** A stable identifier of the kind of error. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * A bad argument to a library function (picker, session table, hash): still a `RangeError`, so
 * `instanceof RangeError` holds, with a stable `code` such as `ERR_PICKER_TARGETS`.
 */
export class LbsimRangeError extends RangeError {
  /** A stable identifier of the kind of error. */
  declare readonly code: string;

  constructor(code: string, message: string) {
    super(oneLine(message));
    // Not enumerable, so that the error still equals a plain one with the same message.
    Object.defineProperty(this, 'code', { value: code, enumerable: false });
  }
}

/** A bad argument type to a library function: a `TypeError` with a stable `code`. */
export class LbsimTypeError extends TypeError {
  /** A stable identifier of the kind of error. */
  declare readonly code: string;

  constructor(code: string, message: string) {
    super(oneLine(message));
    // Not enumerable, so that the error still equals a plain one with the same message.
    Object.defineProperty(this, 'code', { value: code, enumerable: false });
  }
}

/**
 * A scenario (or part of one) that breaks a rule. `issues` lists the problems at once (the first
 * {@link MAX_ISSUES}, then one `... and N more problems`), each with the JSON path it concerns
 * and on one line (control characters escaped, long text cut); `message` joins them one a line
 * as `path: message`.
 */
export class ScenarioError extends LbsimError {
  readonly issues: readonly Issue[];

  constructor(issues: readonly Issue[]) {
    const kept: Issue[] = [];
    for (let i = 0; i < issues.length && i < MAX_ISSUES; i++) {
      const issue = issues[i]!;
      kept.push({ path: oneLine(issue.path), message: oneLine(issue.message) });
    }
    if (issues.length > MAX_ISSUES) {
      const more = issues.length - MAX_ISSUES;
      kept.push({ path: '', message: `... and ${more} more problem${more === 1 ? '' : 's'}` });
    }
    super('ERR_SCENARIO', kept.map(formatIssue).join('\n'));
    this.issues = kept;
  }
}

/** A client address or CIDR that cannot be parsed. `input` holds the offending text. */
export class AddressError extends LbsimError {
  readonly input: string;
  /** What is wrong with it, without the input (for messages that name the input elsewhere). */
  readonly reason: string;

  constructor(input: string, reason: string) {
    super('ERR_ADDRESS', `invalid address ${JSON.stringify(input)}: ${reason}`);
    this.input = input;
    this.reason = reason;
  }
}

/** Renders an issue as the CLI prints it, on one line: `path: message`. */
export function formatIssue(issue: Issue): string {
  const path = oneLine(issue.path);
  const message = oneLine(issue.message);
  return path === '' ? message : `${path}: ${message}`;
}

/**
 * Quotes a value for a message the way JSON does (so a newline shows as `\n` and cannot forge a
 * line), cut to `limit` characters: `"aaaa…"…(1048576 chars)`.
 */
export function quoteText(text: string, limit: number = QUOTE_LIMIT): string {
  if (text.length <= limit) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, limit))}…(${text.length} chars)`;
}

// Line breaks and other control characters (C0, DEL, C1, the Unicode line/paragraph separators).
// eslint-disable-next-line no-control-regex -- these characters are what is escaped
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeControl(c: string): string {
  return SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * `text` on one line: control characters escaped as in JSON (`\n`, `\u0000`), and cut in the
 * middle to about {@link LINE_LIMIT} characters with `…(N chars)`. Idempotent on short text
 * without control characters, which is every message lbsim writes itself.
 */
export function oneLine(text: string): string {
  const flat = text.replace(CONTROL, escapeControl);
  if (flat.length <= LINE_LIMIT) return flat;
  const head = flat.slice(0, LINE_LIMIT - 200);
  const tail = flat.slice(-150);
  return `${head}…(${flat.length} chars)…${tail}`;
}
