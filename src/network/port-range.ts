/**
 * Security-group port ranges: `"ALL"` (1..65535), a single port (`"80"` or `80`) or an inclusive
 * range `"8000-8080"`. Ports are 1..65535 and a range needs lo <= hi.
 */

/** An inclusive range of TCP/UDP ports. */
export interface PortRange {
  readonly lo: number;
  readonly hi: number;
}

/** The lowest and highest port a rule can name. */
export const MIN_PORT = 1;
/** The highest port. */
export const MAX_PORT = 65535;

const ALL: PortRange = Object.freeze({ lo: MIN_PORT, hi: MAX_PORT });
const EXPECTED = `security group: port must be "ALL", a port "N" or a range "N-M" with ports in ${MIN_PORT}..${MAX_PORT} and N <= M`;

/**
 * Parses a rule's port: `"ALL"` (any letter case) → 1..65535, `"80"` or `80` → 80..80,
 * `"8000-8080"` → 8000..8080. No spaces, signs or leading zeros.
 *
 * @throws RangeError `security group: port must be ..., got "..."` for anything else.
 */
export function parsePortRange(text: string | number): PortRange {
  if (typeof text === 'number') {
    if (Number.isInteger(text) && text >= MIN_PORT && text <= MAX_PORT)
      return { lo: text, hi: text };
    throw new RangeError(`${EXPECTED}, got ${String(text)}`);
  }
  if (typeof text !== 'string') throw new RangeError(`${EXPECTED}, got ${String(text)}`);
  if (text.toUpperCase() === 'ALL') return ALL;
  const match = /^([1-9]\d{0,4})(?:-([1-9]\d{0,4}))?$/.exec(text);
  if (match !== null) {
    const lo = Number(match[1]);
    const hi = match[2] === undefined ? lo : Number(match[2]);
    if (hi <= MAX_PORT && lo <= hi) return { lo, hi };
  }
  throw new RangeError(`${EXPECTED}, got ${JSON.stringify(text)}`);
}

/** Whether the text (or number) is a valid port range for {@link parsePortRange}. */
export function isPortRange(text: string | number): boolean {
  try {
    parsePortRange(text);
    return true;
  } catch {
    return false;
  }
}
