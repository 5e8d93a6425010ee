/**
 * `npm run bench:startup`: what a command costs before it simulates anything. Whole processes,
 * each timed under `/usr/bin/time`: a bare `node -e 0` (the floor: Node's own start), `lbsim
 * --version`, `lbsim validate` of an example, `lbsim run` on the built-in scenario, and a script
 * that only imports the library (`import('lbsim')`), from the built `dist/`. The commands take
 * turns, round after round (`--rounds N`, 11 by default), so a busy moment hits them all alike.
 * Prints, per command, its median wall time over the floor's (× floor), then wall and CPU
 * milliseconds as median [min–max] (CPU time from `/usr/bin/time`, to 10 ms).
 *
 * `--baseline DIR` also runs the same commands from another checkout's built `dist/` (say
 * `git worktree add /tmp/old <rev> && cd /tmp/old && npm ci`), in the same rounds, and adds the
 * new ÷ old ratio of their medians.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { flag } from './flags.js';
import { spread, stats } from './stats.js';

const rounds = Number(flag('--rounds') ?? 11);
const baseline = flag('--baseline');
const root = fileURLToPath(new URL('..', import.meta.url));
const example = resolve(root, 'examples/consistent-hashing-scale-out.json');

/** The commands of one build, as argv lists for `node`. */
function commands(dir: string): [string, string[]][] {
  const cli = resolve(dir, 'dist/cli/main.js');
  const lib = pathToFileURL(resolve(dir, 'dist/index.js')).href;
  return [
    ['lbsim --version', [cli, '--version']],
    ['lbsim validate (an example)', [cli, 'validate', example]],
    ['lbsim run (built-in scenario)', [cli, 'run']],
    ["import('lbsim')", ['--input-type=module', '-e', `await import(${JSON.stringify(lib)})`]],
  ];
}

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** One whole process (under `/usr/bin/time` for its CPU time), output discarded. */
function timed(argv: readonly string[]): Sample {
  const t0 = process.hrtime.bigint();
  const run = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, ...argv], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (run.status !== 0) throw new Error(`node ${argv.join(' ')} failed:\n${run.stderr}`);
  const [user, sys] = run.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { wallMs, cpuMs: (user! + sys!) * 1000 };
}

interface Row {
  readonly name: string;
  readonly argv: readonly string[];
  readonly samples: Sample[];
}

const rowsOf = (dir: string): Row[] =>
  commands(dir).map(([name, argv]) => ({ name, argv, samples: [] }));
const floor: Row = { name: 'floor: node -e 0', argv: ['-e', '0'], samples: [] };
const current = rowsOf(root);
const old = baseline === undefined ? [] : rowsOf(baseline);
for (let r = 0; r < rounds; r++) {
  for (const row of [floor, ...current, ...old]) row.samples.push(timed(row.argv));
}

const wall = (row: Row): number[] => row.samples.map((s) => s.wallMs);
const median = (row: Row): number => stats(wall(row)).median;
const cells = (row: Row): string =>
  `${(median(row) / median(floor)).toFixed(2)} | ${spread(wall(row), 0)} | ${spread(
    row.samples.map((s) => s.cpuMs),
    0,
  )}`;
const lines = [
  `Node ${process.version}, ${rounds} rounds; × floor: the median wall time over node -e 0's`,
  '',
  `| command | × floor | wall ms | CPU ms |${old.length > 0 ? ' new ÷ baseline |' : ''}`,
  `|---|---|---|---|${old.length > 0 ? '---|' : ''}`,
  `| ${floor.name} | ${cells(floor)} |${old.length > 0 ? ' – |' : ''}`,
];
current.forEach((row, i) => {
  const ratio = old.length > 0 ? ` ${(median(row) / median(old[i]!)).toFixed(2)} |` : '';
  lines.push(`| ${row.name} | ${cells(row)} |${ratio}`);
});
for (const row of old) lines.push(`| ${row.name}, baseline | ${cells(row)} | – |`);
process.stdout.write(`${lines.join('\n')}\n`);
