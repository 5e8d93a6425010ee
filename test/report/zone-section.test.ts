import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/render-html.js';
import { simulate } from '../../src/sim/simulate.js';

const ZONE_LOSS = JSON.parse(
  readFileSync(new URL('../../examples/zone-loss.json', import.meta.url), 'utf8'),
) as unknown;

describe('HTML zones section', () => {
  it('shows each zone with its totals and its requests over time', async () => {
    const report = await simulate(ZONE_LOSS);
    const html = renderHtml(report);
    const section = html.slice(
      html.indexOf('<h2>Zones</h2>'),
      html.indexOf('<h2>', html.indexOf('<h2>Zones</h2>') + 1),
    );
    for (const z of report.zones!) {
      expect(section).toContain(`<td>${z.zone}</td>`);
      expect(section).toContain(`<title>${z.zone}</title></polyline>`);
    }
    // One point per window for each zone's line.
    const line = /<polyline points="([^"]*)"[^>]*><title>ap-guangzhou-2<\/title>/.exec(section)!;
    expect(line[1]!.split(' ')).toHaveLength(report.zones![1]!.windows.length);
    expect(section).toContain('zoneDown');
  });

  it('is absent when no instance has a zone', async () => {
    const noZones = structuredClone(ZONE_LOSS) as { instances: { zone?: string }[] };
    for (const i of noZones.instances) delete i.zone;
    (noZones as { events?: unknown[] }).events = [];
    expect(renderHtml(await simulate(noZones))).not.toContain('<h2>Zones</h2>');
  });
});
