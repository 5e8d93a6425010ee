import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real nginx and HAProxy: `npm run test:fidelity` (vitest.fidelity.config.ts).
    exclude: ['test/fidelity/**', 'node_modules/**'],
    pool: 'threads',
    setupFiles: ['test/fast-check-setup.ts'],
    // CI's machine has 2 shared cores: property tests and CLI runs can take several seconds there.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
