/**
 * What a report says about itself: the version of its layout and the lbsim that wrote it. The
 * version comes from the package's own `package.json`, two folders up from this module both in
 * `src/report/` and in the bundle's `dist/chunks/` (so also in the installed package, which ships
 * `package.json`). Read once, on first use; never throws.
 */
import { readFileSync } from 'node:fs';

/**
 * The report layout's version (`format` in the JSON): raised when a field changes meaning or is
 * removed. New fields do not raise it; readers ignore fields they do not know.
 */
export const REPORT_FORMAT = 1;

let cached: string | undefined;

/** lbsim's version from its `package.json`, or `unknown` when it cannot be read. */
export function lbsimVersion(): string {
  if (cached === undefined) {
    try {
      const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
      const json = JSON.parse(text) as { name?: unknown; version?: unknown };
      cached = json.name === 'lbsim' && typeof json.version === 'string' ? json.version : 'unknown';
    } catch {
      cached = 'unknown';
    }
  }
  return cached;
}
