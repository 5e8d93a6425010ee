/**
 * Two builds of lbsim side by side in one process, alternately, on one of `npm run bench:e2e`'s
 * cases or `npm run bench:service`'s scenarios: old against new, the comparison a noisy machine
 * still allows.
 *
 * `npx tsx bench/builds.bench.ts OLD NEW [--case NAME] [--rounds N]`: OLD and NEW are checkouts
 * with a built `dist/` (say `git worktree add /tmp/old <commit> && cd /tmp/old && npm ci`, which
 * builds). Prints each build's median CPU ns per request and NEW ÷ OLD per round, median
 * [min–max]; the first round only warms both up.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { E2E_CASES, SERVICE_CASES, e2eScenario, type E2eCaseName } from './bench-scenario.js';
import { flag } from './flags.js';
import { spread, stats } from './stats.js';

interface Build {
  simulateSync(scenario: unknown): { readonly requests: number };
}

async function load(dir: string): Promise<Build> {
  const url = pathToFileURL(resolve(dir, 'dist/index.js')).href;
  return (await import(url)) as Build;
}

/** CPU ns per simulated request of one run. */
function cpuNs(build: Build, scenario: unknown): number {
  const before = process.cpuUsage();
  const { requests } = build.simulateSync(scenario);
  const used = process.cpuUsage(before);
  return ((used.user + used.system) * 1000) / requests;
}

const [oldDir, newDir] = process.argv.slice(2);
const name = flag('--case') ?? 'no persistence, 10^4 clients';
const rounds = Number(flag('--rounds') ?? 9);
const scenario =
  name in E2E_CASES ? e2eScenario(E2E_CASES[name as E2eCaseName]) : SERVICE_CASES[name];
if (oldDir === undefined || newDir === undefined || scenario === undefined) {
  const cases = [...Object.keys(E2E_CASES), ...Object.keys(SERVICE_CASES)];
  process.stderr.write(
    `usage: npx tsx bench/builds.bench.ts OLD NEW [--case NAME] [--rounds N]\ncases: ${cases.join('; ')}\n`,
  );
  process.exit(2);
}
const [before, after] = [await load(oldDir), await load(newDir)];
const olds: number[] = [];
const news: number[] = [];
for (let r = 0; r <= rounds; r++) {
  // Alternate which build runs first, so that neither always follows the other's garbage.
  const o = r % 2 === 0 ? cpuNs(before, scenario) : Number.NaN;
  const n = cpuNs(after, scenario);
  const o2 = r % 2 === 0 ? o : cpuNs(before, scenario);
  if (r === 0) continue;
  olds.push(o2);
  news.push(n);
}
const ratios = news.map((n, i) => n / olds[i]!);
process.stdout.write(
  `${name}, ${rounds} rounds: old ${stats(olds).median.toFixed(1)} ns/request, new ${stats(news).median.toFixed(1)} ns/request (CPU); new ÷ old ${spread(ratios, 3)}\n`,
);
