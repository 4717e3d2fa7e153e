// `npm run setup`: from a fresh clone to a running extension.
// Installs dependencies, builds, packages the .vsix, then installs it into VS Code when the `code` command exists;
// otherwise installs code-server (VS Code in the browser) and serves VS Code with the extension at
// http://127.0.0.1:8080 (pass --no-launch to stop after installing).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const vsix = join(root, 'auth0-chatgpt-mcp.vsix');
const noLaunch = process.argv.includes('--no-launch');

function run(command, args, options = {}) {
  console.log(`> ${command} ${args.join(' ')}`);
  const res = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  if (res.status !== 0) {
    console.error(`setup: "${command} ${args.join(' ')}" failed (exit ${res.status}).`);
    process.exit(res.status ?? 1);
  }
}

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

run('npm', ['ci', '--no-audit', '--no-fund']);
run('npm', ['run', 'package']);
console.log(`setup: packaged ${vsix}`);

if (has('code')) {
  run('code', ['--install-extension', vsix, '--force']);
  console.log('setup: installed into VS Code. Open the "Auth0 for ChatGPT" view in the activity bar.');
  process.exit(0);
}

run('bash', ['scripts/install-host.sh']);
const codeServer = join(root, '.tools/code-server/node_modules/.bin/code-server');
const dataDir = join(root, '.tools/code-server-data');
mkdirSync(dataDir, { recursive: true });
const dirs = ['--extensions-dir', join(dataDir, 'extensions'), '--user-data-dir', join(dataDir, 'user')];
run(codeServer, [...dirs, '--install-extension', vsix, '--force']);
if (noLaunch) {
  console.log(`setup: installed into code-server. Start it with: ${codeServer} ${dirs.join(' ')} --auth none .`);
  process.exit(0);
}
console.log('setup: serving VS Code with the extension at http://127.0.0.1:8080 (Ctrl+C stops it)');
const child = spawn(
  codeServer,
  [
    '--bind-addr',
    '127.0.0.1:8080',
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...dirs,
    existsSync(join(root, 'workspace')) ? join(root, 'workspace') : root,
  ],
  { stdio: 'inherit' },
);
child.on('exit', (code) => process.exit(code ?? 0));
