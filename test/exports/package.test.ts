import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

// The built package, imported by name as a user would (Node resolves a package's own name
// through its `exports` map). `npm test` builds first.
describe('the built package', () => {
  it('exports simulate, validateScenario and createPicker with types', () => {
    expect(existsSync(`${root}/dist/index.d.ts`)).toBe(true);
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
      cwd: root,
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
    const r = spawnSync(process.execPath, [`${root}/dist/cli/main.js`, '--help'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('lbsim run');
  });
});
