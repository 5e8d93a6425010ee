import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const consumer = mkdtempSync(join(tmpdir(), 'lbsim-consumer-'));

// The package as a user gets it: `npm pack` (of the dist that `npm test` builds first), installed
// into an empty project, imported by name and run through its bin. Its runtime dependencies are
// packed from this project's node_modules (the versions the lockfile installed) and installed
// beside it, so the install needs neither the network nor anything in the npm cache.
function closure(roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const manifest = JSON.parse(
      readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'),
    ) as { dependencies?: Record<string, string> };
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep);
  };
  for (const name of roots) visit(name);
  return [...seen];
}

const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
};
/** lbsim's runtime dependencies, with theirs. */
const runtime = closure(Object.keys(own.dependencies ?? {}));
/**
 * What the consumer adds for its own tests: fast-check (lbsim's optional peer), and TypeScript
 * with Node's types to type-check its code with its own compiler.
 */
const devTools = closure(['fast-check', 'typescript', '@types/node']).filter(
  (name) => !runtime.includes(name),
);
/** A second consumer without fast-check, for the statistics alone. */
const bare = mkdtempSync(join(tmpdir(), 'lbsim-bare-'));

beforeAll(() => {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const quiet = { cwd: root, encoding: 'utf8' as const, stdio: 'pipe' as const };
  // `--force` for dependencies only: some (pure-rand) declare a devEngines package manager
  // other than npm, which `npm pack` refuses by default; their installed files are what we pack.
  const pack = (dir: string, force = false): string =>
    join(
      consumer,
      execFileSync(
        npm,
        [
          'pack',
          '--ignore-scripts',
          '--silent',
          ...(force ? ['--force'] : []),
          '--pack-destination',
          consumer,
        ],
        { ...quiet, cwd: dir },
      )
        .trim()
        .split('\n')
        .pop()!,
    );
  const lbsim = pack(root);
  const deps = runtime.map((dep) => pack(join(root, 'node_modules', dep), true));
  const tools = devTools.map((dep) => pack(join(root, 'node_modules', dep), true));
  const install = (dir: string, tarballs: readonly string[]): void => {
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', private: true }),
    );
    execFileSync(
      npm,
      ['install', ...tarballs, '--offline', '--no-audit', '--no-fund', '--ignore-scripts'],
      { ...quiet, cwd: dir, env: { ...process.env, npm_config_cache: join(dir, '.npm') } },
    );
  };
  install(consumer, [lbsim, ...deps, ...tools]);
  install(bare, [lbsim, ...deps]);
}, 180_000);

describe('the packed package', () => {
  it('ships the built code and types only', () => {
    const dir = join(consumer, 'node_modules', 'lbsim');
    expect(existsSync(join(dir, 'dist', 'index.d.ts'))).toBe(true);
    expect(existsSync(join(dir, 'src'))).toBe(false);
    expect(existsSync(join(dir, 'test'))).toBe(false);
  });

  it('exports simulate, validateScenario and createPicker by name', () => {
    const script = `
      import { simulate, validateScenario, createPicker, ScenarioError, DEFAULT_SCENARIO } from 'lbsim';
      const picker = createPicker('maglev', [{ id: 'a', weight: 10 }, { id: 'b', weight: 0 }]);
      const scenario = validateScenario(DEFAULT_SCENARIO);
      const report = await simulate(DEFAULT_SCENARIO);
      let issues = 0;
      try { validateScenario({}); } catch (e) { if (e instanceof ScenarioError) issues = e.issues.length; }
      console.log(JSON.stringify({ pick: picker.pick(12345), listeners: scenario.listeners.length,
        servers: report.servers.length, issues, version: report.lbsimVersion }));
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: consumer,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as {
      pick: number;
      listeners: number;
      servers: number;
      issues: number;
      version: string;
    };
    expect(out.pick).toBe(0);
    // The report names the installed package's version (read from its own package.json).
    const pkg = JSON.parse(
      readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as {
      version: string;
    };
    expect(out.version).toBe(pkg.version);
    expect(out.listeners).toBeGreaterThan(0);
    expect(out.servers).toBeGreaterThan(0);
    expect(out.issues).toBeGreaterThan(0);
  });

  it('installs the lbsim command', () => {
    const bin = join(consumer, 'node_modules', '.bin', 'lbsim');
    const r = spawnSync(bin, ['run', '--format', 'json'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { seed: string }).seed).toBe('demo');
  });
});

/** Writes `files` (relative path → text) into the consumer. */
function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(consumer, name)), { recursive: true });
    writeFileSync(join(consumer, name), text);
  }
}

/** Runs the consumer's own TypeScript compiler with one of its tsconfig files. */
function tsc(project: string): { status: number | null; stdout: string } {
  const r = spawnSync(join(consumer, 'node_modules', '.bin', 'tsc'), ['-p', project], {
    cwd: consumer,
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout + r.stderr };
}

/**
 * A strict TypeScript project. One compiler run covers `src` (which must type-check) and `typo`
 * (which must not): tsc still writes the JavaScript of every file, and a second run would double
 * the slowest step of this test.
 */
const TSCONFIG = JSON.stringify({
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    skipLibCheck: true,
    types: ['node'],
    rootDir: '.',
    outDir: 'out',
  },
  include: ['src', 'typo'],
});

const LOAD_BALANCER = `{ id: 'lb-1', region: 'ap-guangzhou', vpcId: 'vpc-1', vip: '203.0.113.10' }`;

describe('the testing kit, typed scenarios and bench, from a strict TypeScript project', () => {
  let compiled: { status: number | null; stdout: string } = { status: null, stdout: '' };
  beforeAll(() => {
    write({
      'tsconfig.json': TSCONFIG,
      // The user's own pickers: weighted by the key's position in [0, 2^32), and a biased copy
      // that sends one key in 20 to the first target whatever its weight.
      'src/my-picker.ts': `
        import type { PickerTarget } from 'lbsim';
        export function createMyPicker(targets: readonly PickerTarget[]) {
          const bounds: number[] = [];
          let total = 0;
          for (const t of targets) bounds.push((total += t.weight));
          return {
            pick(hash: number): number {
              const r = (hash / 2 ** 32) * total;
              let lo = 0;
              let hi = bounds.length - 1;
              while (lo < hi) {
                const mid = (lo + hi) >> 1;
                if (bounds[mid]! > r) hi = mid;
                else lo = mid + 1;
              }
              return lo;
            },
          };
        }
        export function createBiasedPicker(targets: readonly PickerTarget[]) {
          const fair = createMyPicker(targets);
          return { pick: (hash: number) => (hash % 20 === 0 ? 0 : fair.pick(hash)) };
        }
      `,
      'src/fairness.ts': `
        import fc from 'fast-check';
        import { mix32, type PickerTarget } from 'lbsim';
        import { assertFairShares, targetsArb } from 'lbsim/testing';
        import { createBiasedPicker, createMyPicker } from './my-picker.js';

        type Factory = (targets: readonly PickerTarget[]) => { pick(hash: number): number };

        const followsWeights = (create: Factory) =>
          fc.property(targetsArb({ maxLength: 8 }), (targets) => {
            const picker = create(targets);
            const counts = new Array<number>(targets.length).fill(0);
            for (let i = 0; i < 20_000; i++) counts[picker.pick(mix32(i))]! += 1;
            assertFairShares(counts, targets, { alpha: 1e-6 });
          });

        fc.assert(followsWeights(createMyPicker), { seed: 42 });
        let caught = '';
        try {
          fc.assert(followsWeights(createBiasedPicker), { seed: 42 });
        } catch (error) {
          // fast-check 4 attaches the property's own error as the cause.
          caught = (error as Error).message + ' | ' + String((error as Error).cause);
        }
        console.log(JSON.stringify({ fair: 'passed', biased: caught }));
      `,
      'src/scenario.ts': `
        import { defineScenario, validateScenario, type ScenarioInput } from 'lbsim';
        const scenario: ScenarioInput = defineScenario({
          durationSec: 60,
          loadBalancer: ${LOAD_BALANCER},
          instances: [{ id: 'ins-a', region: 'ap-guangzhou', vpcId: 'vpc-1', privateIp: '10.0.0.11' }],
          listeners: [
            { id: 'tcp-80', protocol: 'TCP', port: 80, algorithm: 'maglev',
              targets: [{ instance: 'ins-a', port: 8080, weight: 10 }] },
          ],
          events: [{ atSec: 30, op: 'setWeight', listener: 'tcp-80', target: 'ins-a:8080', weight: 0 }],
        });
        console.log(JSON.stringify({ events: validateScenario(scenario).events.length }));
      `,
      'src/own-names.ts': `
        import { defineScenario } from 'lbsim';
        export const mine = defineScenario<'my-picker'>({
          loadBalancer: ${LOAD_BALANCER},
          listeners: [{ id: 'tcp-80', protocol: 'TCP', port: 80, algorithm: 'my-picker', targets: [] }],
        });
      `,
      'typo/algorithm.ts': `
        import { defineScenario } from 'lbsim';
        defineScenario({
          loadBalancer: ${LOAD_BALANCER},
          listeners: [{ id: 'tcp-80', protocol: 'TCP', port: 80, algorithm: 'magelv', targets: [] }],
        });
      `,
      'typo/typo.ts': `
        import { defineScenario } from 'lbsim';
        defineScenario({
          loadBalancer: ${LOAD_BALANCER},
          listeners: [{ id: 'tcp-80', protocol: 'TCP', port: 80, algoritm: 'maglev', targets: [] }],
        });
      `,
      'my-picker.mjs': `
        export default function create(targets) {
          let next = 0;
          return { pick: () => next++ % targets.length };
        }
      `,
    });
    compiled = tsc('tsconfig.json');
  }, 120_000);

  it('type-checks the consumer with its own tsc: the only errors are the two typos', () => {
    expect(compiled.status).not.toBe(0);
    const errors = compiled.stdout.split('\n').filter((line) => /error TS\d+/.test(line));
    expect(errors).toHaveLength(2);
    expect(errors.filter((e) => /^typo\/typo\.ts\(/.test(e))).toHaveLength(1);
    expect(errors.filter((e) => /^typo\/algorithm\.ts\(5,.*'"magelv"'/.test(e))).toHaveLength(1);
  });

  it('makes a misspelt scenario field a type error that suggests the right name', () => {
    expect(compiled.stdout).toMatch(
      /typo\/typo\.ts\(5,\d+\): error TS2561: Object literal may only specify known properties, but 'algoritm' does not exist in type .*Did you mean to write 'algorithm'\?/,
    );
  });

  it('catches a biased picker with a property on lbsim/testing, and passes a fair one', () => {
    const r = spawnSync(process.execPath, [join(consumer, 'out', 'src', 'fairness.js')], {
      cwd: consumer,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { fair: string; biased: string };
    expect(out.fair).toBe('passed');
    expect(out.biased).toMatch(/Property failed/);
    expect(out.biased).toMatch(
      /assertFairShares: target \d+ \(".*"\) got [\d.]+% of 20000 picks, its weight share is [\d.]+%/,
    );
  });

  it('accepts a scenario written with defineScenario', () => {
    const r = spawnSync(process.execPath, [join(consumer, 'out', 'src', 'scenario.js')], {
      cwd: consumer,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ events: 1 });
  });

  it('benchmarks a user’s picker module with lbsim bench --module', () => {
    const bin = join(consumer, 'node_modules', '.bin', 'lbsim');
    const r = spawnSync(
      bin,
      [
        'bench',
        '--module',
        'my-picker.mjs',
        '--algorithms',
        'wrr',
        '--targets',
        '10',
        '--time',
        '5',
        '--format',
        'json',
      ],
      { cwd: consumer, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { rows: { algorithm: string; shareError: number }[] };
    expect(out.rows.map((row) => row.algorithm)).toEqual(['floor', 'wrr', 'my-picker']);
  });

  it('ships the JSON Schema as lbsim/scenario.schema.json', () => {
    const script = `
      import { createRequire } from 'node:module';
      import { readFileSync } from 'node:fs';
      const path = createRequire(import.meta.url).resolve('lbsim/scenario.schema.json');
      console.log(JSON.parse(readFileSync(path, 'utf8')).title);
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: consumer,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('lbsim scenario');
  });
});

describe('your own picker in lbsim run and compare, sweep on worker threads, and signals', () => {
  const bin = join(consumer, 'node_modules', '.bin', 'lbsim');
  const lbsim = (...args: string[]) => spawnSync(bin, args, { cwd: consumer, encoding: 'utf8' });
  /** A node script run in the consumer, as a user would run one. */
  const node = (script: string) =>
    spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: consumer,
      encoding: 'utf8',
    });
  const scenario = (algorithm: string, durationSec: number, ratePerSec: number): string =>
    JSON.stringify({
      seed: 'pack',
      durationSec,
      loadBalancer: { id: 'lb-1', region: 'ap-guangzhou', vpcId: 'vpc-1', vip: '203.0.113.10' },
      instances: ['a', 'b'].map((id, i) => ({
        id,
        region: 'ap-guangzhou',
        vpcId: 'vpc-1',
        privateIp: `10.0.0.${11 + i}`,
      })),
      listeners: [
        {
          id: 'tcp-80',
          protocol: 'TCP',
          port: 80,
          algorithm,
          targets: [
            { instance: 'a', port: 8080, weight: 10 },
            { instance: 'b', port: 8080, weight: 30 },
          ],
        },
      ],
      traffic: { ratePerSec, clients: 500 },
      options: { maxRequests: 1e12, maxMemoryMb: 1e5 },
    });
  beforeAll(() => {
    write({
      // Only pick(hash), as bench --module takes it; it says so on stderr when first built.
      'rotate.mjs': `
        let said = false;
        export default function create(targets) {
          if (!said) { said = true; process.stderr.write('picking\\n'); }
          let next = 0;
          return { pick: () => next++ % targets.length };
        }
      `,
      'rotate.json': scenario('rotate', 20, 1000),
      'long.json': scenario('rotate', 3600, 100_000),
    });
  });

  it('runs a scenario naming the picker of --pickers FILE, and compares it', () => {
    const run = lbsim('run', 'rotate.json', '--pickers', 'rotate.mjs', '--format', 'json');
    expect(run.status).toBe(0);
    const shares = (JSON.parse(run.stdout) as { servers: { share: number }[] }).servers;
    // Round robin whatever the weights: half each.
    expect(shares.map((s) => Math.round(s.share * 2))).toEqual([1, 1]);
    const compare = lbsim(
      ...['compare', 'rotate.json', '--pickers', 'rotate.mjs', '--algorithms', 'wrr,rotate'],
      ...['--format', 'json'],
    );
    expect(compare.status).toBe(0);
    const rows = JSON.parse(compare.stdout) as { algorithm: string; maxDeviation: number }[];
    expect(rows.map((r) => r.algorithm)).toEqual(['wrr', 'rotate']);
    // Half the requests to the target whose weight share is a quarter: far from the weights.
    expect(rows[1]!.maxDeviation).toBeGreaterThan(10 * rows[0]!.maxDeviation);
  });

  it('sweeps on worker threads from the installed package, the same bytes as in-process', () => {
    const r = node(`
      import { readFileSync } from 'node:fs';
      import { sweep } from 'lbsim';
      const scenario = JSON.parse(readFileSync('rotate.json', 'utf8'));
      const options = { seeds: 3, algorithms: ['random', 'rotate'], pickerModule: 'rotate.mjs' };
      const threads = JSON.stringify(await sweep(scenario, { ...options, workers: 2 }));
      const here = JSON.stringify(await sweep(scenario, { ...options, workers: 0 }));
      console.log(JSON.stringify({ same: threads === here, result: JSON.parse(threads) }));
    `);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      same: boolean;
      result: { seeds: string[]; rows: { algorithm: string }[] };
    };
    expect(out.same).toBe(true);
    expect(out.result.seeds).toEqual(['pack', 'pack#2', 'pack#3']);
    expect(out.result.rows.map((row) => row.algorithm)).toEqual(['random', 'rotate']);
  }, 60_000);

  it('stops a sweep with its signal, its worker threads terminated', () => {
    const r = node(`
      import { readFileSync } from 'node:fs';
      import { sweep } from 'lbsim';
      const scenario = JSON.parse(readFileSync('long.json', 'utf8'));
      const controller = new AbortController();
      const threads = [];
      process.on('worker', (w) => {
        threads.push(w);
        w.once('online', () => controller.abort());
      });
      const name = await sweep(scenario, {
        seeds: 2, algorithms: ['wrr'], workers: 2, signal: controller.signal,
        pickerModule: 'rotate.mjs',
      }).then(() => 'finished', (error) => error.name);
      console.log(JSON.stringify({ name, threads: threads.length,
        alive: threads.filter((w) => w.threadId !== -1).length }));
    `);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ name: 'AbortError', threads: 2, alive: 0 });
  }, 60_000);

  it('stops lbsim compare --seeds on Ctrl-C with exit code 130 and one line', async () => {
    const child = spawn(
      bin,
      ['compare', 'long.json', '--pickers', 'rotate.mjs', '--algorithms', 'rotate', '--seeds', '2'],
      { cwd: consumer },
    );
    let stderr = '';
    let sent = false;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (!sent && stderr.includes('picking\n')) sent = child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr.replace('picking\n', '')).toBe('lbsim: interrupted, run stopped\n');
    expect(code).toBe(130);
  }, 60_000);
});

describe('lbsim/testing without fast-check installed', () => {
  it('gives the statistics, and arbitraries that say fast-check is missing', () => {
    expect(existsSync(join(bare, 'node_modules', 'fast-check'))).toBe(false);
    const script = `
      import { sharesTest, assertFairShares, disruption, targetsArb } from 'lbsim/testing';
      assertFairShares([100, 200], [1, 2]);
      let code = '';
      try { targetsArb(); } catch (error) { code = error.code; }
      console.log(JSON.stringify({ p: sharesTest([10, 40], [1, 1]).pValue < 1e-3,
        moved: disruption(['a', 'b'], ['a', 'a']).moved, code }));
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: bare,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ p: true, moved: 1, code: 'ERR_FAST_CHECK_MISSING' });
  });
});
