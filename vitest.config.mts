import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Unit tests of the extension's views render through a small stand-in for the vscode module (only the host has it).
  resolve: { alias: { vscode: fileURLToPath(new URL('./test/support/vscode-fake.ts', import.meta.url)) } },
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
