// The packaging suite (`npm run test:package`): it runs `vsce package` and installs the .vsix into code-server, so it
// runs on its own, outside the unit and integration run (scripts/test-all.mjs counts it in the final line).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/package/**/*.test.ts'],
    setupFiles: ['test/support/no-network.ts'],
    testTimeout: 240_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
