// Builds the extension (production mode) and bundles the extension-host test suite into out/host/.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

// The production build: the host suite tests what ships in the .vsix.
execFileSync(process.execPath, ['esbuild.mjs', '--production'], { stdio: 'inherit' });
rmSync('out/host', { recursive: true, force: true });
const tests = readdirSync('test/host')
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => `test/host/${f}`);
await esbuild.build({
  entryPoints: ['test/host/index.ts', ...tests],
  outdir: 'out/host',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  // mocha and vscode come from the host's module resolution; playwright never runs inside the host.
  external: ['vscode', 'mocha', '@ngrok/ngrok'],
  logLevel: 'warning',
});
