import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    setupFiles: ['test/support/no-network.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Integration tests start real local peers on ephemeral ports; two cores, so keep workers modest.
    pool: 'forks',
    maxWorkers: 2,
  },
});
