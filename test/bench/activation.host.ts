// Runs inside the VS Code host (bench only): measures activation and what it loads.
// Prints one "BENCH {json}" line and a HOST-RESULT so the runner knows it finished.

import * as vscode from 'vscode';
import * as fs from 'node:fs';

const EXTENSION_ID = 'auth0-mcp-tools.auth0-chatgpt-mcp';

export async function run(): Promise<void> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  const before = new Set(Object.keys(require.cache));
  const started = performance.now();
  await extension.activate();
  const activationMs = performance.now() - started;
  const loaded = Object.keys(require.cache).filter((f) => !before.has(f) && f.endsWith('.js'));
  const bytes = loaded.reduce((sum, f) => sum + fs.statSync(f).size, 0);
  console.log(
    `BENCH ${JSON.stringify({
      'activation time (ms, includes loading dist/extension.js)': Number(activationMs.toFixed(1)),
      'JavaScript loaded by activation (KB)': Number((bytes / 1024).toFixed(1)),
      'modules loaded by activation': loaded.map((f) => f.replace(/^.*\/dist\//, 'dist/')).join(', '),
    })}`,
  );
  console.log(`HOST-RESULT ${JSON.stringify({ passed: 1, failed: 0 })}`);
}
