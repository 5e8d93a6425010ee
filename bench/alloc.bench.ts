/**
 * `npm run bench:alloc`: heap bytes allocated per simulated request, on the built library
 * (`dist/`), for the end-to-end cases at 10^4 clients and the service-model scenarios. The request
 * path should allocate nothing; what a run allocates besides (setup, the report) is spread over
 * millions of requests and shows as well under a byte.
 *
 * V8's sampling heap profiler (through `node:inspector`, objects collected by either GC included)
 * estimates every allocation of the second of two runs in one process, so that the optimised code
 * is measured, not the interpreter's. An estimate: it samples one allocation per 4 KiB on
 * average, so figures under about 0.1 byte a request are noise.
 *
 * What a figure of 8, 16, 24... bytes a request usually is: a number boxed on the heap, once per
 * request, because a double (or a 32-bit hash above 2^31) was passed to, or returned from, a
 * function V8 compiled out of line. `--trace` prints where the bytes were allocated.
 */
import { Session } from 'node:inspector/promises';
import { simulateSync } from '../dist/index.js';
import { E2E_CASES, SERVICE_CASES, e2eScenario } from './bench-scenario.js';

interface ProfileNode {
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly selfSize: number;
  readonly children: readonly ProfileNode[];
}

const SCENARIOS: readonly (readonly [string, unknown])[] = [
  ...(['no persistence, 10^4 clients', 'persistence, 10^4 clients'] as const).map(
    (name) => [name, e2eScenario(E2E_CASES[name])] as const,
  ),
  ...Object.entries(SERVICE_CASES),
];

/** Bytes allocated by `run`, and the allocating functions with the most bytes. */
async function allocated(
  session: Session,
  run: () => void,
): Promise<{ bytes: number; top: string[] }> {
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  run();
  const { profile } = (await session.post('HeapProfiler.stopSampling')) as {
    profile: { head: ProfileNode };
  };
  const sites = new Map<string, number>();
  let bytes = 0;
  const walk = (node: ProfileNode, caller: string): void => {
    const file = node.callFrame.url.split('/').slice(-2).join('/');
    const here = `${node.callFrame.functionName || '(anonymous)'} ${file}`;
    bytes += node.selfSize;
    if (node.selfSize > 0) {
      const site = `${here} < ${caller}`;
      sites.set(site, (sites.get(site) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child, here);
  };
  walk(profile.head, '');
  const top = [...sites].sort((a, b) => b[1] - a[1]).slice(0, 3);
  return { bytes, top: top.map(([site, n]) => `${(n / 2 ** 20).toFixed(1)} MiB ${site}`) };
}

const trace = process.argv.includes('--trace');
const session = new Session();
session.connect();
const rows = ['| scenario | requests | bytes allocated per request |', '|---|---|---|'];
const traces: string[] = [];
for (const [name, scenario] of SCENARIOS) {
  simulateSync(scenario); // warm-up: the second run is the optimised one
  let requests = 0;
  const { bytes, top } = await allocated(session, () => {
    requests = simulateSync(scenario).requests;
  });
  rows.push(`| ${name} | ${requests} | ${(bytes / requests).toFixed(2)} |`);
  if (trace) traces.push('', name, ...top.map((line) => `  ${line}`));
}
session.disconnect();
process.stdout.write(`${[`Node ${process.version}`, '', ...rows, ...traces].join('\n')}\n`);
