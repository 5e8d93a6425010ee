/**
 * Where a JSON text stops being JSON, as a line and column a person can go to: V8's messages give
 * a character position for some errors and none for others ("Unexpected token"), so after
 * `JSON.parse` fails this scanner walks the text (RFC 8259) and stops at the first byte that
 * cannot continue it. Only run on text that failed to parse. O(n), iterative (an explicit stack of
 * open brackets, so `[[[[…` cannot overflow the call stack).
 */

/** The first syntax error of `text`: its offset and what was expected there. */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

const WS = new Set([' ', '\t', '\n', '\r']);
const LITERALS = ['true', 'false', 'null'];
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- control characters are what JSON strings refuse
const STRING_BODY = /(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*/y;

/** The first syntax error in `text`, or null if it is valid JSON. */
export function findJsonError(text: string): JsonSyntaxError | null {
  const scan = new Scanner(text);
  const offset = scan.run();
  return offset === null
    ? null
    : { offset: offset.at, ...lineColumn(text, offset.at), message: offset.message };
}

/** 1-based line and column of `offset` (columns count UTF-16 units, as editors mostly do). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

class Scanner {
  readonly #text: string;
  #at = 0;
  /** Open containers: `{` or `[`. */
  readonly #stack: string[] = [];

  constructor(text: string) {
    this.#text = text;
  }

  run(): { at: number; message: string } | null {
    // States: expecting a value, or having just finished one.
    let expectValue = true;
    let expectKey = false;
    for (;;) {
      this.#skipSpace();
      const c = this.#text[this.#at];
      if (expectKey) {
        if (c === '}' && this.#text[this.#lastNonSpace()] === '{') {
          this.#stack.pop();
          this.#at++;
          expectKey = false;
          expectValue = false;
          continue;
        }
        if (c !== '"') return this.#fail('a property name in double quotes');
        if (!this.#string()) return this.#fail('a closing double quote or a valid escape');
        this.#skipSpace();
        if (this.#text[this.#at] !== ':') return this.#fail('":" after the property name');
        this.#at++;
        expectKey = false;
        expectValue = true;
        continue;
      }
      if (expectValue) {
        if (c === '{') {
          this.#stack.push('{');
          this.#at++;
          expectKey = true;
          continue;
        }
        if (c === '[') {
          this.#stack.push('[');
          this.#at++;
          this.#skipSpace();
          if (this.#text[this.#at] === ']') {
            this.#stack.pop();
            this.#at++;
            expectValue = false;
          }
          continue;
        }
        if (!this.#scalar()) return this.#fail('a value');
        expectValue = false;
        continue;
      }
      const top = this.#stack.at(-1);
      if (top === undefined) return c === undefined ? null : this.#fail('the end of the text');
      if (c === ',') {
        this.#at++;
        if (top === '{') expectKey = true;
        else expectValue = true;
        continue;
      }
      if ((top === '{' && c === '}') || (top === '[' && c === ']')) {
        this.#stack.pop();
        this.#at++;
        continue;
      }
      return this.#fail(top === '{' ? '"," or "}"' : '"," or "]"');
    }
  }

  #lastNonSpace(): number {
    let i = this.#at - 1;
    while (i >= 0 && WS.has(this.#text[i]!)) i--;
    return i;
  }

  #skipSpace(): void {
    while (this.#at < this.#text.length && WS.has(this.#text[this.#at]!)) this.#at++;
  }

  #scalar(): boolean {
    const c = this.#text[this.#at];
    if (c === '"') return this.#string();
    for (const word of LITERALS) {
      if (this.#text.startsWith(word, this.#at)) {
        this.#at += word.length;
        return true;
      }
    }
    NUMBER.lastIndex = this.#at;
    const match = NUMBER.exec(this.#text);
    if (match === null || match[0] === '') return false;
    this.#at += match[0].length;
    return true;
  }

  /** A string at `#at` (its opening quote); on failure `#at` is where it goes wrong. */
  #string(): boolean {
    STRING_BODY.lastIndex = this.#at + 1;
    const body = STRING_BODY.exec(this.#text)![0];
    this.#at += 1 + body.length;
    if (this.#text[this.#at] !== '"') return false;
    this.#at++;
    return true;
  }

  #fail(expected: string): { at: number; message: string } {
    const c = this.#text[this.#at];
    const found = c === undefined ? 'the end of the text' : describeChar(c);
    return { at: this.#at, message: `expected ${expected}, found ${found}` };
  }
}

function describeChar(c: string): string {
  if (c === '\n') return 'a line break';
  const code = c.charCodeAt(0);
  if (code < 0x20) return `the control character U+${code.toString(16).padStart(4, '0')}`;
  return JSON.stringify(c);
}
