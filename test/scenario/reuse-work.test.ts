/** The work estimate counts connection reuse: its tables' memory and its lookups' work. */
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/scenario/validate-scenario.js';
import { estimateWork } from '../../src/scenario/work-estimate.js';
import { tcpScenario } from '../sim/scenarios.js';

describe('work estimate: connection reuse', () => {
  const estimate = (requestsPerConnection?: object) => {
    const s = tcpScenario([10, 10]);
    const traffic = { ...(s['traffic'] as object), clients: 100_000, requestsPerConnection };
    return estimateWork(validateScenario({ ...s, traffic }));
  };

  it('a table of 24 bytes per client for a layer-4 listener that reuses connections', () => {
    expect(estimate({ mean: 5 }).memoryParts['connection tables']).toBe(100_000 * 24);
    expect(estimate().memoryParts['connection tables']).toBeUndefined();
    // Mean 1: every connection carries one request, no table is kept.
    expect(estimate({ mean: 1 }).memoryParts['connection tables']).toBeUndefined();
  });

  it('at least two request-equivalents more per request', () => {
    const off = estimate();
    const on = estimate({ mean: 5 });
    expect(on.work - off.work).toBeGreaterThanOrEqual(2 * off.requests);
  });
});
