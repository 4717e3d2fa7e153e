// Runs the same extension-host suite through @vscode/test-electron, for machines that can download VS Code
// (developers' desktops, CI elsewhere). Here, with no route to VS Code's download site, use `npm test`, which runs
// the suite in code-server instead.
import { runTests } from '@vscode/test-electron';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const workspace = mkdtempSync(join(tmpdir(), 'auth0-mcp-electron-'));
writeFileSync(join(workspace, 'README.md'), '# host-test workspace\n');

try {
  const code = await runTests({
    version: process.env.VSCODE_TEST_VERSION ?? '1.100.3',
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out/host/index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
  process.exit(code);
} catch (error) {
  console.error(`test:electron: ${error instanceof Error ? error.message : error}`);
  console.error('This runner downloads VS Code; without network access run `npm test` (code-server host) instead.');
  process.exit(1);
}
