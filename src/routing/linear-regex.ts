/**
 * Regular expressions for layer-7 rules (`~` and `~*` domains and paths), matched in linear time.
 *
 * Reference: RE2 (Russ Cox, "Regular Expression Matching Can Be Simple And Fast", 2007), through
 * `re2js`, a pure-JavaScript port. A backtracking engine (JavaScript's `RegExp`, nginx's PCRE)
 * takes time exponential in the input for patterns such as `^(a+)+$`; RE2 takes
 * O(program size × input length) for every pattern, so a user-supplied rule cannot stall a run.
 * Syntax: RE2's, which covers what nginx configurations use (classes, `\d \w \s`, anchors, counted
 * repetition, `(?:...)`, `(?<name>...)`, `(?P<name>...)`, `(?i)`), and refuses the two PCRE
 * features that need backtracking: backreferences (`\1`, `\k<name>`) and lookaround (`(?=`,
 * `(?!`, `(?<=`, `(?<!`). Those get a message naming the feature.
 *
 * Bounds: a pattern is at most {@link MAX_REGEX_LENGTH} characters and compiles to at most
 * {@link MAX_REGEX_PROGRAM} instructions (a 1 MB pattern would otherwise take seconds to compile
 * and megabytes to hold). Determinism: matching is a pure function of pattern and text.
 */
import { RE2JS } from 're2js';
import { oneLine, quoteText } from '../errors.js';
import { MAX_REGEX_LENGTH, MAX_REGEX_PROGRAM } from '../limits.js';
export { MAX_REGEX_LENGTH, MAX_REGEX_PROGRAM } from '../limits.js';

/** A compiled linear-time regex. `test` searches anywhere in the text unless anchored. */
export interface LinearRegex {
  /** The pattern as written (without the `~`/`~*` marker). */
  readonly source: string;
  /** `'i'` for a case-insensitive regex, else `''` (as `RegExp#flags`). */
  readonly flags: '' | 'i';
  /** RE2 program instructions: matching costs at most about this many steps per character. */
  readonly programSize: number;
  /** Whether the pattern matches somewhere in `text`. */
  test(text: string): boolean;
}

/**
 * Compiles `source`, or returns a message saying why not, written to follow a JSON path:
 * `regex "~(a)\\1" uses a backreference, which lbsim's linear-time engine does not support`.
 *
 * @param marker - how the rule wrote the regex (`~` or `~*`), to quote it in messages.
 */
export function compileLinearRegex(
  source: string,
  caseInsensitive: boolean,
  marker: string,
): LinearRegex | string {
  // Compiling costs about 10 µs an instruction, and validation, the work estimate and the engine
  // (once per traffic-mix entry) each parse the same rules: remember recent results.
  const key = `${caseInsensitive ? 'i' : '-'}${marker}\u0000${source}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  const result = compileUncached(source, caseInsensitive, marker);
  if (cache.size >= CACHE_SIZE) cache.clear();
  cache.set(key, result);
  return result;
}

/** Most compiled patterns (or their problems) remembered; at most about 50 MB of programs. */
const CACHE_SIZE = 512;
const cache = new Map<string, LinearRegex | string>();

function compileUncached(
  source: string,
  caseInsensitive: boolean,
  marker: string,
): LinearRegex | string {
  const quoted = `regex ${quoteText(marker + source)}`;
  if (source.length > MAX_REGEX_LENGTH) {
    return `${quoted} is ${source.length} characters long, over ${MAX_REGEX_LENGTH}`;
  }
  const unsupported = backtrackingFeature(source);
  if (unsupported !== null) {
    return `${quoted} uses ${unsupported}, which lbsim's linear-time engine does not support`;
  }
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source, caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error) {
    const reason =
      error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    return `invalid regular expression: ${oneLine(reason)} (got ${quoteText(marker + source)})`;
  }
  const programSize = compiled.programSize();
  if (programSize > MAX_REGEX_PROGRAM) {
    return `${quoted} compiles to ${programSize} instructions, over ${MAX_REGEX_PROGRAM}; simplify it (fewer or smaller counted repetitions)`;
  }
  return {
    source,
    flags: caseInsensitive ? 'i' : '',
    programSize,
    test: (text: string) => compiled.test(text),
  };
}

/**
 * The first PCRE feature in `source` that needs backtracking, described for a message, or null.
 * A small scanner: escapes are skipped as pairs and character classes are skipped whole, so
 * `[(?=]` and `\\1` (an escaped backslash, then `1`) are not mistaken for lookaround or a
 * backreference.
 */
export function backtrackingFeature(source: string): string | null {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && next >= '1' && next <= '9') return 'a backreference';
      if (!inClass && next === 'k' && /[<{']/.test(source[i + 2] ?? '')) {
        return 'a backreference';
      }
      if (!inClass && next === 'g' && /[0-9{<'-]/.test(source[i + 2] ?? '')) {
        return 'a backreference';
      }
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      // A `]` right after `[` or `[^` is a literal member, not the end of the class.
      if (source[i + 1] === '^') i++;
      if (source[i + 1] === ']') i++;
      continue;
    }
    if (c === '(' && source[i + 1] === '?') {
      const rest = source.slice(i + 2, i + 4);
      if (rest.startsWith('=') || rest.startsWith('!')) return 'lookahead';
      if (rest === '<=' || rest === '<!') return 'lookbehind';
    }
  }
  return null;
}
