import { defineConfig } from 'vitest/config';

// The fidelity suite: real nginx and HAProxy on loopback, compared request by request with the
// dialect pickers. `npm run test:fidelity`; not part of `npm test` (it may install Debian packages).
export default defineConfig({
  test: {
    include: ['test/fidelity/**/*.fidelity.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
