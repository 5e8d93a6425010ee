import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  compareAlgorithm,
  DEFAULT_SCENARIO,
  renderComparisonTable,
  renderHtml,
  renderJson,
  renderTable,
  simulateSync,
} from '../../src/index.js';

const slow = JSON.parse(
  readFileSync(new URL('../../examples/slow-backend.json', import.meta.url), 'utf8'),
) as unknown;

describe('the service report', () => {
  it('is absent when no instance has a service model', async () => {
    const report = simulateSync(DEFAULT_SCENARIO);
    expect(report.service).toBeUndefined();
    expect(report.servers.every((s) => s.service === undefined)).toBe(true);
    expect(renderTable(report)).not.toContain('latency');
    expect(renderHtml(report)).not.toContain('Latency');
    const row = await compareAlgorithm(DEFAULT_SCENARIO, 'wrr');
    expect(row.service).toBeUndefined();
  });

  it('shows the slowed backend: its latency, rejections and timeouts, in every format', () => {
    const report = simulateSync(slow);
    const service = report.service!;
    const [a, , c] = report.servers.map((s) => s.service!);
    expect(c!.rejected + c!.timedOut).toBeGreaterThan(1000);
    expect(a!.rejected + a!.timedOut).toBe(0);
    expect(service.rejected).toBe(c!.rejected);
    expect(service.responses).toBe(report.servers.reduce((n, s) => n + s.service!.responses, 0));
    // Windows before the event are calm, the one after it is not.
    const windows = service.pools[0]!.windows;
    expect(windows.find((w) => w.fromSec === 120)!.p99).toBeGreaterThan(4 * windows[0]!.p99);
    // What the percentiles leave out is counted per window: none before, all of it after 120 s.
    const unanswered = windows.map((w) => w.unanswered);
    expect(unanswered.reduce((n, u) => n + u, 0)).toBe(service.rejected + service.timedOut);
    expect(windows.filter((w) => w.toSec <= 120).every((w) => w.unanswered === 0)).toBe(true);
    expect(renderHtml(report)).toMatch(/requests unanswered<\/title><\/rect>/);
    // Utilisation of the healthy instances stays near the offered 60%.
    expect(service.instances[0]!.utilisation).toBeGreaterThan(0.55);
    expect(service.instances[0]!.utilisation).toBeLessThan(0.65);
    expect(service.instances[2]!.peakQueued).toBe(100);
    const latency = service.latencyMs;
    expect(latency.p50).toBeLessThanOrEqual(latency.p90);
    expect(latency.p90).toBeLessThanOrEqual(latency.p99);
    expect(latency.p99).toBeLessThanOrEqual(latency.p999);
    expect(renderTable(report)).toContain('latency by window, listener tcp-80');
    expect(renderHtml(report)).toContain('latency percentiles over time');
    expect(JSON.parse(renderJson(report))).toHaveProperty('service.latencyMs.p999');
  });

  it('compare shows what clients feel: least connections rejects nothing where wrr does', async () => {
    const [wrr, wlc] = await Promise.all([
      compareAlgorithm(slow, 'wrr'),
      compareAlgorithm(slow, 'wlc'),
    ]);
    expect(wrr.service!.rejected).toBeGreaterThan(1000);
    expect(wlc.service!.rejected).toBe(0);
    expect(wlc.service!.timedOut).toBe(0);
    expect(renderComparisonTable([wrr, wlc])).toContain('timed out');
  });
});
