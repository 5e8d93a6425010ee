/**
 * Inline-SVG helpers for the HTML page's charts: the frame, coordinates rounded to 0.1 px (so the
 * bytes are deterministic and short), round axis scales, and label columns sized without
 * measuring text.
 */
import { escapeHtml } from './escape-html.js';
import { formatCount } from './presentation.js';

/** Width of every chart's viewBox; charts scale to the page. */
export const CHART_WIDTH = 1000;

/** Rough width of one character of 12px sans-serif, to size label columns without measuring. */
const CHAR_WIDTH = 6.6;

/** An `<svg>` of {@link CHART_WIDTH} × `height` with an accessible label around `parts`. */
export function svg(height: number, label: string, parts: readonly string[]): string {
  return (
    `<svg viewBox="0 0 ${CHART_WIDTH} ${c(height)}" role="img" aria-label="${escapeHtml(label)}">\n` +
    `${parts.join('\n')}\n</svg>`
  );
}

/** Width of a label column for these labels: 90..240 px. */
export function labelColumn(labels: readonly string[]): number {
  const longest = labels.reduce((m, l) => Math.max(m, Array.from(l).length), 0);
  return Math.round(Math.min(240, Math.max(90, 12 + longest * CHAR_WIDTH)));
}

/** Shortens a label to fit its column, marking the cut with `…` (the full text is in a tooltip). */
export function truncate(label: string, columnWidth: number): string {
  const fits = Math.floor((columnWidth - 12) / CHAR_WIDTH);
  const chars = Array.from(label);
  return chars.length <= fits ? label : chars.slice(0, Math.max(1, fits - 1)).join('') + '…';
}

/** An axis from 0 to a round number at or above `largest`, with 1/2/2.5/5 × 10^k steps. */
export function niceScale(largest: number): { max: number; ticks: number[] } {
  if (!(largest > 0) || !Number.isFinite(largest)) return { max: 1, ticks: [0, 1] };
  const raw = largest / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const count = Math.ceil(largest / step - 1e-9);
  const ticks = Array.from({ length: count + 1 }, (_, i) => i * step);
  return { max: count * step, ticks };
}

/** A tick value without float noise (`0.30000000000000004` → `0.3`), grouped when asked. */
export function tickLabel(value: number, grouped = false): string {
  const clean = Number(value.toPrecision(12));
  return grouped ? formatCount(clean) : String(clean);
}

/** A coordinate rounded to 0.1 px, as text. */
export function c(value: number): string {
  return String(Math.round(value * 10) / 10);
}
