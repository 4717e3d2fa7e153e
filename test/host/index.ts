// Entry point of the extension-host suite, in the shape @vscode/test-electron expects: `run(): Promise<void>`.
// Runs mocha over out/host/*.test.js and prints a "HOST-RESULT" line the runners turn into the CI summary.

import Mocha from 'mocha';
import * as fs from 'node:fs';
import * as path from 'node:path';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const dir = __dirname;
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(path.join(dir, file));
  }
  const failures = await new Promise<{ passed: number; failed: number }>((resolve) => {
    const runner = mocha.run(() => resolve({ passed: runner.stats?.passes ?? 0, failed: runner.stats?.failures ?? 0 }));
  });
  console.log(`HOST-RESULT ${JSON.stringify(failures)}`);
  if (failures.failed > 0) throw new Error(`${failures.failed} extension-host test(s) failed`);
}
