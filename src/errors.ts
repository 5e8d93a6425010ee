/**
 * Error classes of lbsim. Bad configuration throws; the hot path never does (a picker returns -1).
 * Every class carries a stable, readonly `code` so callers can branch without parsing messages.
 */

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
 * A scenario (or part of one) that breaks a rule. `issues` lists every problem at once, each with
 * the JSON path it concerns; `message` joins them one a line as `path: message`.
 */
export class ScenarioError extends LbsimError {
  readonly issues: readonly Issue[];

  constructor(issues: readonly Issue[]) {
    super('ERR_SCENARIO', issues.map(formatIssue).join('\n'));
    this.issues = issues;
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

/** Renders an issue as the CLI prints it: `path: message`. */
export function formatIssue(issue: Issue): string {
  return issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
}
