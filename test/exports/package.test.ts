import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const consumer = mkdtempSync(join(tmpdir(), 'lbsim-consumer-'));

// The package as a user gets it: `npm pack` (of the dist that `npm test` builds first), installed
// into an empty project, imported by name and run through its bin. Its runtime dependencies are
// packed from this project's node_modules (the versions the lockfile installed) and installed
// beside it, so the install needs neither the network nor anything in the npm cache.
function runtimeClosure(): string[] {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    const manifest = JSON.parse(
      readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'),
    ) as { dependencies?: Record<string, string> };
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep);
  };
  const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  for (const dep of Object.keys(own.dependencies ?? {})) visit(dep);
  return [...seen];
}

beforeAll(() => {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const quiet = { cwd: root, encoding: 'utf8' as const, stdio: 'pipe' as const };
  const pack = (dir: string): string =>
    execFileSync(npm, ['pack', '--ignore-scripts', '--silent', '--pack-destination', consumer], {
      ...quiet,
      cwd: dir,
    })
      .trim()
      .split('\n')
      .pop()!;
  const tarballs = [
    pack(root),
    ...runtimeClosure().map((dep) => pack(join(root, 'node_modules', dep))),
  ];
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', private: true }),
  );
  execFileSync(
    npm,
    [
      'install',
      ...tarballs.map((t) => `./${t}`),
      '--offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
    ],
    { ...quiet, cwd: consumer, env: { ...process.env, npm_config_cache: join(consumer, '.npm') } },
  );
}, 60_000);

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
        servers: report.servers.length, issues }));
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
    };
    expect(out.pick).toBe(0);
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
